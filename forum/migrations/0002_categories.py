"""The forum's categories: one per thème, plus "Trucs et astuces" (forum.categories)."""

from django.db import migrations


def create_categories(apps, schema_editor):
    from forum.categories import ensure_categories

    ensure_categories(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("tousvoisins", "0002_themes"),
    ]
    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
