"""The curated tags offered as boxes to tick, grouped by thème, for people who rarely type.

The same list serves the three sets (centres d'intérêt, savoirs à partager, envies
d'apprendre): "la couture" can be loved, taught or wanted. Members may add any other word.
Each label is the shown form of its tag (profiles.tags.clean_label), so a member who types
"Cuisine" joins the suggested tag "cuisiner".
"""

from .tags import tag_key

# (thème slug, [labels]) in the order of the thèmes.
SUGGESTIONS = [
    ("mobilite", ["vélo", "covoiturage", "marche", "transports en commun", "code de la route"]),
    (
        "emploi",
        ["informatique", "écrire un CV", "entretien d'embauche", "créer son activité", "langues étrangères"],
    ),
    ("logement", ["bricolage", "jardinage", "économies d'énergie", "déménagement", "recyclage"]),
    (
        "loisirs-culture-sport",
        [
            "cuisiner",
            "lecture",
            "jeux de société",
            "jeux de cartes",
            "musique",
            "chant",
            "danse",
            "cinéma",
            "photographie",
            "dessin",
            "peinture",
            "couture",
            "tricot",
            "pétanque",
            "randonnée",
            "pêche",
            "histoire locale",
        ],
    ),
    ("sante-bien-etre", ["gym douce", "yoga", "natation", "relaxation", "cuisine saine"]),
    (
        "solidarite",
        [
            "bénévolat",
            "aide aux devoirs",
            "téléphone portable",
            "démarches en ligne",
            "français pour débutants",
            "visites de convivialité",
        ],
    ),
]

SUGGESTED_LABELS = [label for _, labels in SUGGESTIONS for label in labels]
LABEL_BY_KEY = {tag_key(label): label for label in SUGGESTED_LABELS}


def grouped_choices(theme_names):
    """Choices for a grouped checkbox list: [(thème name, [(label, label), …]), …]."""
    return [
        (theme_names.get(slug, slug), [(label, label) for label in labels]) for slug, labels in SUGGESTIONS
    ]
