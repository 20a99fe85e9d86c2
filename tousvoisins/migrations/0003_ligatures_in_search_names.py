"""Commune.search_name again, now that normalize_place_name reads "œ" as "oe" ("Paimbœuf")."""

from django.db import migrations


def recompute(apps, schema_editor):
    from tousvoisins.lib import normalize_place_name

    Commune = apps.get_model("tousvoisins", "Commune")
    for commune in Commune.objects.only("pk", "name", "search_name"):
        key = normalize_place_name(commune.name)
        if key != commune.search_name:
            Commune.objects.filter(pk=commune.pk).update(search_name=key)


class Migration(migrations.Migration):
    dependencies = [("tousvoisins", "0002_themes")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
