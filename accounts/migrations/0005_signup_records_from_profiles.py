"""SignupRecord and RetainedIdentification come from profiles (profiles 0005 renamed their tables).

Nothing is created in the database; the content types follow the models, so that the
moderators' permission to read the kept identifications (profiles 0002) stays theirs.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = ["signuprecord", "retainedidentification"]


def move_content_types(apps, from_label, to_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = ContentType.objects.filter(app_label=to_label, model__in=MODELS).values_list("model", flat=True)
    ContentType.objects.filter(app_label=from_label, model__in=MODELS).exclude(model__in=list(taken)).update(
        app_label=to_label
    )
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    move_content_types(apps, "profiles", "accounts")


def backwards(apps, schema_editor):
    move_content_types(apps, "accounts", "profiles")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_block"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("profiles", "0007_signup_records_to_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SignupRecord",
                    fields=[
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="signup_record",
                                serialize=False,
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="compte",
                            ),
                        ),
                        (
                            "email",
                            models.EmailField(max_length=254, verbose_name="adresse e-mail à l'inscription"),
                        ),
                        (
                            "ip_address",
                            models.GenericIPAddressField(
                                blank=True, null=True, verbose_name="adresse IP à l'inscription"
                            ),
                        ),
                        (
                            "created",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="inscrit le"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "données d'inscription",
                        "verbose_name_plural": "données d'inscription",
                    },
                ),
                migrations.CreateModel(
                    name="RetainedIdentification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "email",
                            models.EmailField(max_length=254, verbose_name="adresse e-mail à la fermeture"),
                        ),
                        (
                            "signup_email",
                            models.EmailField(max_length=254, verbose_name="adresse e-mail à l'inscription"),
                        ),
                        ("signed_up_at", models.DateTimeField(verbose_name="inscrit le")),
                        (
                            "signup_ip_address",
                            models.GenericIPAddressField(
                                blank=True, null=True, verbose_name="adresse IP à l'inscription"
                            ),
                        ),
                        (
                            "closed_at",
                            models.DateTimeField(
                                db_index=True,
                                default=django.utils.timezone.now,
                                verbose_name="compte fermé le",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "identification conservée",
                        "verbose_name_plural": "identifications conservées (comptes fermés)",
                        "ordering": ["-closed_at"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
