"""What each role may do with the useful links in the admin.

Only the moderation team manages links and categories; referents may look at them (when each
site was last checked, what it answered) but change nothing.
"""

from django.db import migrations

from accounts.models import MODERATION, TERRITORY_REFERENTS, THEMATIC_REFERENTS
from accounts.roles import grant

LOOK_ONLY = {
    ("links", "category"): ["view"],
    ("links", "link"): ["view"],
}
EVERYTHING = ["view", "add", "change", "delete"]
ROLE_PERMISSIONS = {
    THEMATIC_REFERENTS: LOOK_ONLY,
    TERRITORY_REFERENTS: LOOK_ONLY,
    MODERATION: {
        ("links", "category"): EVERYTHING,
        ("links", "link"): EVERYTHING,
    },
}


def grant_roles(apps, schema_editor):
    grant(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("links", "0002_categories"),
        ("accounts", "0002_roles"),
    ]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
