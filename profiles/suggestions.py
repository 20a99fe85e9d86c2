"""The curated tags offered as boxes to tick, grouped by thème, for people who rarely type.

The same list serves the three sets (centres d'intérêt, savoirs à partager, envies
d'apprendre): "la couture" can be loved, taught or wanted. Members may add any other word.
The labels stay French: they become the tags members share whatever their language; the boxes
show them translated (shown_label).
Each label is the shown form of its tag (profiles.tags.clean_label), so a member who types
"Cuisine" joins the suggested tag "cuisiner".
"""

from django.utils.translation import gettext, gettext_noop

from .tags import tag_key

# (thème slug, [labels]) in the order of the thèmes.
SUGGESTIONS = [
    (
        "mobilite",
        [
            gettext_noop("vélo"),
            gettext_noop("covoiturage"),
            gettext_noop("marche"),
            gettext_noop("transports en commun"),
            gettext_noop("code de la route"),
        ],
    ),
    (
        "emploi",
        [
            gettext_noop("informatique"),
            gettext_noop("écrire un CV"),
            gettext_noop("entretien d'embauche"),
            gettext_noop("créer son activité"),
            gettext_noop("langues étrangères"),
        ],
    ),
    (
        "logement",
        [
            gettext_noop("bricolage"),
            gettext_noop("jardinage"),
            gettext_noop("économies d'énergie"),
            gettext_noop("déménagement"),
            gettext_noop("recyclage"),
        ],
    ),
    (
        "loisirs-culture-sport",
        [
            gettext_noop("cuisiner"),
            gettext_noop("lecture"),
            gettext_noop("jeux de société"),
            gettext_noop("jeux de cartes"),
            gettext_noop("musique"),
            gettext_noop("chant"),
            gettext_noop("danse"),
            gettext_noop("cinéma"),
            gettext_noop("photographie"),
            gettext_noop("dessin"),
            gettext_noop("peinture"),
            gettext_noop("couture"),
            gettext_noop("tricot"),
            gettext_noop("pétanque"),
            gettext_noop("randonnée"),
            gettext_noop("pêche"),
            gettext_noop("histoire locale"),
        ],
    ),
    (
        "sante-bien-etre",
        [
            gettext_noop("gym douce"),
            gettext_noop("yoga"),
            gettext_noop("natation"),
            gettext_noop("relaxation"),
            gettext_noop("cuisine saine"),
        ],
    ),
    (
        "solidarite",
        [
            gettext_noop("bénévolat"),
            gettext_noop("aide aux devoirs"),
            gettext_noop("téléphone portable"),
            gettext_noop("démarches en ligne"),
            gettext_noop("français pour débutants"),
            gettext_noop("visites de convivialité"),
        ],
    ),
]

SUGGESTED_LABELS = [label for _, labels in SUGGESTIONS for label in labels]
LABEL_BY_KEY = {tag_key(label): label for label in SUGGESTED_LABELS}


def shown_label(label):
    """A suggestion as a box shows it: in the page's language, with the French word the profile
    will show in brackets ("cycling (vélo)"); in French, the word alone. The tag stays French."""
    translated = gettext(label)
    return label if translated == label else f"{translated} ({label})"


def grouped_choices(theme_names):
    """Choices for a grouped checkbox list: [(thème name, [(label, shown label), …]), …]."""
    return [
        (theme_names.get(slug, slug), [(label, shown_label(label)) for label in labels])
        for slug, labels in SUGGESTIONS
    ]
