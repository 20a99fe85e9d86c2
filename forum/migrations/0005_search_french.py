"""French search that folds plurals and hyphens (tousvoisins 0004_search_french); trigram
index for "Vouliez-vous dire … ?"."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import tousvoisins.search
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0004_quotes_report_notified_at"),
        # The SQL functions of the search vector.
        ("tousvoisins", "0004_search_french"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # A generated column cannot change its expression: it is dropped with its index and
        # added again, which computes it anew for every row.
        migrations.RemoveIndex(model_name="post", name="forum_post_search_gin"),
        migrations.RemoveField(model_name="post", name="search_vector"),
        migrations.AddField(
            model_name="post",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.SearchVector(
                    tousvoisins.search.SearchDocument("body_text"), config="french_unaccent", weight=None
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="post",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="forum_post_search_gin"
            ),
        ),
        migrations.AddIndex(
            model_name="topic",
            index=django.contrib.postgres.indexes.GistIndex(
                django.contrib.postgres.indexes.OpClass(
                    tousvoisins.search.SearchWords("title"), name="gist_trgm_ops"
                ),
                name="forum_topic_title_trgm",
            ),
        ),
    ]
