"""What each role may do with news in the admin (which rows: news.admin, scoped)."""

from django.db import migrations

from accounts.models import MODERATION, TERRITORY_REFERENTS, THEMATIC_REFERENTS
from accounts.roles import grant

# Referents write and publish the news of their thèmes or territory; they take one down by
# putting it back in draft. Deleting is for moderators.
REFERENT = {("news", "newsitem"): ["view", "add", "change"]}
ROLE_PERMISSIONS = {
    THEMATIC_REFERENTS: REFERENT,
    TERRITORY_REFERENTS: REFERENT,
    MODERATION: {("news", "newsitem"): ["view", "add", "change", "delete"]},
}


def grant_roles(apps, schema_editor):
    grant(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("accounts", "0002_roles"),
    ]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
