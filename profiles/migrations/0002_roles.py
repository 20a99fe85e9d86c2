"""Moderators read the reports queue, members' profiles and the identifications kept after closure.

Referents get nothing here: reports and kept identifications are the Département's business.
"""

from django.db import migrations

from accounts.models import MODERATION
from accounts.roles import grant


def grant_roles(apps, schema_editor):
    grant(
        apps,
        {
            MODERATION: {
                ("profiles", "report"): ["view", "change"],
                ("profiles", "profile"): ["view", "change"],
                ("profiles", "block"): ["view"],
                ("profiles", "retainedidentification"): ["view"],
            }
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("profiles", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
