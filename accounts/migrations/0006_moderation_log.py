"""The moderators read the moderation log (Django admin's LogEntry, accounts.audit); referents don't."""

from django.db import migrations

from accounts.models import MODERATION
from accounts.roles import grant


def grant_roles(apps, schema_editor):
    grant(apps, {MODERATION: {("admin", "logentry"): ["view"]}})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_signup_records_from_profiles"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
