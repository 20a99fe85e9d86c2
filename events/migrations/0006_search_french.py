"""French search that folds plurals and hyphens (tousvoisins 0004_search_french); trigram
index for "Vouliez-vous dire … ?"."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import tousvoisins.search
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_external_agenda_trusted"),
        ("tousvoisins", "0004_search_french"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # A generated column cannot change its expression: it is dropped with its index and
        # added again, which computes it anew for every row.
        migrations.RemoveIndex(model_name="event", name="event_search_gin"),
        migrations.RemoveField(model_name="event", name="search_vector"),
        migrations.AddField(
            model_name="event",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.SearchVector(
                            tousvoisins.search.SearchDocument("title"), config="french_unaccent", weight="A"
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            tousvoisins.search.SearchDocument("place_name"),
                            tousvoisins.search.SearchDocument("organiser_name"),
                            config="french_unaccent",
                            weight="B",
                        ),
                        django.contrib.postgres.search.SearchConfig("french_unaccent"),
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        tousvoisins.search.SearchDocument("description"), config="french_unaccent", weight="C"
                    ),
                    django.contrib.postgres.search.SearchConfig("french_unaccent"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="event_search_gin"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=django.contrib.postgres.indexes.GistIndex(
                django.contrib.postgres.indexes.OpClass(
                    tousvoisins.search.SearchWords("title"), name="gist_trgm_ops"
                ),
                name="event_title_trgm",
            ),
        ),
    ]
