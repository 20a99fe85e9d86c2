"""The categories of the forum, made by migration 0002 (and again by the browser tests' reset)."""

# slug, name, thème slug (None: moderators only), description
CATEGORIES = [
    (
        "mobilite",
        "Mobilité",
        "mobilite",
        "Covoiturage, transport solidaire, vélo, permis : pour se déplacer.",
    ),
    ("emploi", "Emploi", "emploi", "Chercher un travail ou une formation, le CV, les entretiens."),
    (
        "logement",
        "Logement",
        "logement",
        "Se loger, bien vivre chez soi, les économies d'énergie, les aides.",
    ),
    (
        "loisirs-culture-sport",
        "Loisirs, culture et sport",
        "loisirs-culture-sport",
        "Sorties, ateliers, jeux, lecture, musique, marche, jardinage.",
    ),
    (
        "sante-bien-etre",
        "Santé et bien-être",
        "sante-bien-etre",
        "Prendre soin de soi et des autres, ne pas rester seul.",
    ),
    ("solidarite", "Solidarité", "solidarite", "S'entraider entre voisins : coups de main, dons, bénévolat."),
    (
        "trucs-et-astuces",
        "Trucs et astuces",
        None,
        "Les bonnes idées du quotidien à partager : maison, cuisine, numérique, démarches.",
    ),
]


def ensure_categories(apps):
    """Create the missing categories (idempotent; names changed in the admin are kept)."""
    Category = apps.get_model("forum", "Category")
    Theme = apps.get_model("tousvoisins", "Theme")
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for order, (slug, name, theme_slug, description) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "theme": themes.get(theme_slug) if theme_slug else None,
                "description": description,
                "order": order,
            },
        )
