"""Block moves from profiles to accounts (the forum and the messages both use it).

State only: the table stays profiles_block with its rows, constraints and indexes (db_table).
The content type is renamed so that the permissions on it (the moderators' "view") and the admin's
history follow the model rather than being created anew.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def rename_content_type(apps, schema_editor, old="profiles", new="accounts"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label=new, model="block").exists():
        return  # already there (created by an earlier run): leave both as they are
    ContentType.objects.using(db).filter(app_label=old, model="block").update(app_label=new)


def rename_content_type_back(apps, schema_editor):
    rename_content_type(apps, schema_editor, old="accounts", new="profiles")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_manager"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The table was created there, and profiles 0002_roles gave the moderators their permission.
        ("profiles", "0004_search_joined_tags"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Block",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created", models.DateTimeField(auto_now_add=True, verbose_name="bloqué le")),
                        (
                            "blocked",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="blocks_received",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="membre bloqué",
                            ),
                        ),
                        (
                            "blocker",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="blocks_made",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="membre",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "blocage",
                        "verbose_name_plural": "blocages",
                        "db_table": "profiles_block",
                        "ordering": ["-created"],
                        "constraints": [
                            models.UniqueConstraint(fields=("blocker", "blocked"), name="block_unique"),
                            models.CheckConstraint(
                                condition=models.Q(("blocker", models.F("blocked")), _negated=True),
                                name="block_not_self",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_type, rename_content_type_back),
    ]
