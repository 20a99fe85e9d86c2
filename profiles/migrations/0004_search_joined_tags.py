"""Members' search: "covoiturage" finds "co-voiturage" (tags compared without their hyphens)."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0003_report_notified_at"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="tag",
            index=models.Index(
                django.db.models.functions.text.Replace("slug", models.Value("-"), models.Value("")),
                name="tag_joined_key_idx",
            ),
        ),
    ]
