"""News search: a French search vector (tousvoisins 0004_search_french) on title, lead and text."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import tousvoisins.search
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_roles"),
        ("tousvoisins", "0004_search_french"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="newsitem",
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
                            tousvoisins.search.SearchDocument("lead"), config="french_unaccent", weight="B"
                        ),
                        django.contrib.postgres.search.SearchConfig("french_unaccent"),
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        tousvoisins.search.SearchDocument("body"), config="french_unaccent", weight="C"
                    ),
                    django.contrib.postgres.search.SearchConfig("french_unaccent"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="newsitem",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="news_search_gin"),
        ),
    ]
