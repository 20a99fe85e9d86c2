"""What each role may do with the forum in the admin (which rows: forum.admin, scoped by thème)."""

from django.db import migrations

from accounts.models import MODERATION, THEMATIC_REFERENTS
from accounts.roles import grant

EVERYTHING = ["view", "add", "change", "delete"]
# Thematic referents moderate the category of their thèmes: they hide posts, lock, pin and move
# topics, and handle the reports there. Territory referents have no forum role.
ROLE_PERMISSIONS = {
    THEMATIC_REFERENTS: {
        ("forum", "category"): ["view"],
        ("forum", "topic"): ["view", "change"],
        ("forum", "post"): ["view", "change"],
        ("forum", "report"): ["view", "change"],
    },
    MODERATION: {
        ("forum", "category"): ["view", "change"],
        ("forum", "topic"): EVERYTHING,
        ("forum", "post"): EVERYTHING,
        ("forum", "report"): ["view", "change", "delete"],
        ("forum", "subscription"): ["view", "delete"],
    },
}


def grant_roles(apps, schema_editor):
    grant(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0002_categories"),
        ("accounts", "0002_roles"),
    ]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
