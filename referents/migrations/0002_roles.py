"""What each role may do with referents in the admin (which rows: referents.admin)."""

from django.db import migrations

from accounts.models import MODERATION, TERRITORY_REFERENTS, THEMATIC_REFERENTS
from accounts.roles import grant

# A referent changes their own card and permanences, and reads (and marks as handled) the
# messages written to them; the admin narrows each to their own rows.
REFERENT = {
    ("referents", "referent"): ["view", "change"],
    ("referents", "permanence"): ["view", "add", "change", "delete"],
    ("referents", "referentmessage"): ["view", "change"],
}
ROLE_PERMISSIONS = {
    THEMATIC_REFERENTS: REFERENT,
    TERRITORY_REFERENTS: REFERENT,
    MODERATION: {
        ("referents", "referent"): ["view", "add", "change", "delete"],
        ("referents", "permanence"): ["view", "add", "change", "delete"],
        ("referents", "referentmessage"): ["view", "change", "delete"],
    },
}


def grant_roles(apps, schema_editor):
    grant(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("referents", "0001_initial"),
        ("accounts", "0002_roles"),
    ]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
