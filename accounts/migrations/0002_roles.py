"""The three roles and what each may do in the admin.

Later apps add their own permissions to these groups in their own migrations, with
accounts.roles.grant().
"""

from django.db import migrations

from accounts.roles import ROLE_PERMISSIONS, sync_roles


def create_roles(apps, schema_editor):
    sync_roles(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("pages", "0001_initial"),
        ("tousvoisins", "0002_themes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
