"""The first categories of useful links (moderators may rename, reorder or add others)."""

from django.db import migrations

CATEGORIES = [
    ("demarches-en-ligne", "Démarches en ligne",
     "Les sites officiels pour vos papiers, vos impôts et vos droits, et pour vous y connecter."),
    ("emploi-et-formation", "Emploi et formation",
     "Pour chercher un travail, trouver une formation et préparer votre projet."),
    ("sante-et-droits", "Santé et droits",
     "Pour vous soigner, suivre vos remboursements et connaître les aides auxquelles vous avez droit."),
    ("se-loger", "Se loger",
     "Pour trouver un logement, connaître vos droits et faire baisser vos factures d'énergie."),
    ("se-deplacer", "Se déplacer",
     "Les horaires des cars, des trains et des bus, pour aller d'une commune à l'autre."),
    ("debuter-avec-le-numerique", "Débuter avec le numérique",
     "Pour apprendre à vous servir d'un ordinateur, d'un téléphone et d'internet, sans vous faire avoir."),
    ("apprendre-en-ligne", "Apprendre en ligne",
     "Des cours sur internet, souvent gratuits, pour apprendre à votre rythme (on les appelle aussi « MOOC »)."),
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("links", "Category")
    for order, (slug, name, description) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("links", "0001_initial")]
    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
