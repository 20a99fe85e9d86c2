"""Block now lives in accounts (accounts 0004_block): forget it here, keep its table and rows.

On a new database the roles migrations of other apps that run between accounts 0003 and this one
may create a profiles.block content type again (the model is still in profiles' state then): it is
merged into accounts.block, so that only one "view_block" permission remains.
"""

from django.db import migrations


def forget_old_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    old = ContentType.objects.using(db).filter(app_label="profiles", model="block").first()
    new = ContentType.objects.using(db).filter(app_label="accounts", model="block").first()
    if old is None or new is None:
        return
    for permission in Permission.objects.using(db).filter(content_type=old):
        twin = Permission.objects.using(db).filter(content_type=new, codename=permission.codename).first()
        if twin is not None:
            twin.group_set.add(*permission.group_set.all())
            twin.user_set.add(*permission.user_set.all())
    old.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0004_search_joined_tags"),
        ("accounts", "0004_block"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Block")],
            database_operations=[],
        ),
        migrations.RunPython(forget_old_content_type, migrations.RunPython.noop),
    ]
