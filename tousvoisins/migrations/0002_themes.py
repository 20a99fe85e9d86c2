from django.db import migrations

THEMES = [
    ("mobilite", "Mobilité", "mobilite", "#1f5f8b",
     "Se déplacer : covoiturage, transport solidaire, vélo, permis, aide pour aller à un rendez-vous."),
    ("emploi", "Emploi", "emploi", "#8a4b08",
     "Trouver un travail ou une formation, préparer un CV, s'entraîner à un entretien, rencontrer des employeurs."),
    ("logement", "Logement", "logement", "#5b3a8c",
     "Se loger, bien vivre chez soi, faire des économies d'énergie, connaître ses droits et les aides."),
    ("loisirs-culture-sport", "Loisirs, culture et sport", "loisirs", "#a3235d",
     "Sortir, bouger, créer et partager : ateliers, sorties, jeux, lecture, musique, marche, jardinage."),
    ("sante-bien-etre", "Santé et bien-être", "sante", "#1e6b45",
     "Prendre soin de soi et des autres : prévention, bien manger, bouger, parler, ne pas rester seul."),
    ("solidarite", "Solidarité", "solidarite", "#b0302a",
     "S'entraider entre voisins : visites, coups de main, dons, bénévolat, accès au numérique."),
]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("tousvoisins", "Theme")
    for position, (slug, name, pictogram, colour, description) in enumerate(THEMES):
        Theme.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "pictogram": pictogram, "colour": colour,
                      "description": description, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("tousvoisins", "0001_initial")]
    operations = [migrations.RunPython(create_themes, migrations.RunPython.noop)]
