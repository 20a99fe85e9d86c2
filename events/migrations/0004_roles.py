"""What each role may do with the agenda in the admin (which rows: events.admin, scoped)."""

from django.db import migrations

from accounts.models import MODERATION, TERRITORY_REFERENTS, THEMATIC_REFERENTS
from accounts.roles import grant

# Referents review, publish, edit and add events of their thèmes or territory, and see who
# comes; the admin narrows every list to their scope.
REFERENT = {
    ("events", "event"): ["view", "add", "change"],
    ("events", "proposedevent"): ["view", "change"],
    ("events", "occurrence"): ["view"],
    ("events", "participation"): ["view"],
    ("events", "externalagenda"): ["view"],
}
EVERYTHING = ["view", "add", "change", "delete"]
ROLE_PERMISSIONS = {
    THEMATIC_REFERENTS: REFERENT,
    TERRITORY_REFERENTS: REFERENT,
    MODERATION: {
        ("events", "event"): EVERYTHING,
        ("events", "proposedevent"): EVERYTHING,
        ("events", "occurrence"): EVERYTHING,
        ("events", "participation"): EVERYTHING,
        ("events", "externalagenda"): EVERYTHING,
    },
}


def grant_roles(apps, schema_editor):
    grant(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_proposed_event"),
        ("accounts", "0002_roles"),
    ]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
