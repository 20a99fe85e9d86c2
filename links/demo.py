"""Real, free French public sites to start the list with (idempotent: a link is found again by its
address and left as a moderator may have changed it)."""

import importlib
from dataclasses import dataclass

from django.apps import apps as django_apps

from tousvoisins.models import Theme

from .models import Category, Link

FREE = Link.Cost.FREE
SIGN_UP = Link.Cost.FREE_WITH_ACCOUNT
PARTLY = Link.Cost.PARTLY_PAID


@dataclass
class Demo:
    category: str  # slug
    title: str
    url: str
    purpose: str
    cost: str
    organisation: str
    themes: tuple = ()


LINKS = [
    Demo(
        "demarches-en-ligne",
        "Service-Public.fr",
        "https://www.service-public.fr/",
        "Pour connaître vos droits et trouver la bonne démarche : papiers, famille, travail, logement, "
        "argent.",
        FREE,
        "L'État (Direction de l'information légale et administrative)",
        ("solidarite",),
    ),
    Demo(
        "demarches-en-ligne",
        "FranceConnect",
        "https://franceconnect.gouv.fr/",
        "Pour vous connecter à de nombreux sites publics avec un seul compte, celui des impôts ou d'Ameli "
        "par exemple.",
        FREE,
        "L'État (Direction interministérielle du numérique)",
    ),
    Demo(
        "demarches-en-ligne",
        "Impots.gouv.fr",
        "https://www.impots.gouv.fr/",
        "Pour déclarer vos revenus, payer vos impôts et poser une question au service des impôts.",
        SIGN_UP,
        "La Direction générale des Finances publiques",
    ),
    Demo(
        "demarches-en-ligne",
        "France Titres (ANTS)",
        "https://ants.gouv.fr/",
        "Pour demander une carte d'identité, un passeport, un permis de conduire ou une carte grise.",
        SIGN_UP,
        "France Titres, l'agence de l'État qui délivre les papiers officiels",
        ("mobilite",),
    ),
    Demo(
        "demarches-en-ligne",
        "Département de Loire-Atlantique",
        "https://www.loire-atlantique.fr/",
        "Pour connaître les aides et les services du Département : solidarité, personnes âgées, handicap, "
        "routes, collèges.",
        FREE,
        "Le Département de Loire-Atlantique",
        ("solidarite",),
    ),
    Demo(
        "emploi-et-formation",
        "France Travail",
        "https://www.francetravail.fr/",
        "Pour vous inscrire comme demandeur d'emploi, chercher des offres et être accompagné.",
        SIGN_UP,
        "France Travail (anciennement Pôle emploi)",
        ("emploi",),
    ),
    Demo(
        "emploi-et-formation",
        "1 jeune, 1 solution",
        "https://www.1jeune1solution.gouv.fr/",
        "Pour les 15-30 ans : trouver un emploi, un stage, une formation, une aide ou une mission.",
        FREE,
        "L'État (ministère du Travail)",
        ("emploi",),
    ),
    Demo(
        "emploi-et-formation",
        "Mon Compte Formation",
        "https://www.moncompteformation.gouv.fr/",
        "Pour savoir combien vous avez pour vous former et choisir une formation.",
        SIGN_UP,
        "La Caisse des Dépôts, pour l'État",
        ("emploi",),
    ),
    Demo(
        "emploi-et-formation",
        "Onisep",
        "https://www.onisep.fr/",
        "Pour découvrir des métiers et les formations qui y mènent.",
        FREE,
        "L'Onisep, l'office public d'information sur les formations et les métiers",
        ("emploi",),
    ),
    Demo(
        "sante-et-droits",
        "Ameli",
        "https://www.ameli.fr/",
        "Pour suivre vos remboursements de soins, commander votre carte Vitale et trouver un médecin.",
        SIGN_UP,
        "L'Assurance Maladie",
        ("sante-bien-etre",),
    ),
    Demo(
        "sante-et-droits",
        "Mes droits sociaux",
        "https://www.mesdroitssociaux.gouv.fr/",
        "Pour savoir en quelques minutes à quelles aides vous pourriez avoir droit.",
        FREE,
        "La Sécurité sociale, pour l'État",
        ("solidarite",),
    ),
    Demo(
        "sante-et-droits",
        "Caf.fr",
        "https://www.caf.fr/",
        "Pour demander les aides de la Caf (logement, RSA, prime d'activité) et suivre vos paiements.",
        SIGN_UP,
        "La Caisse d'allocations familiales",
        ("solidarite", "logement"),
    ),
    Demo(
        "sante-et-droits",
        "Santé.fr",
        "https://www.sante.fr/",
        "Pour trouver un professionnel ou un lieu de santé près de chez vous, et des informations fiables.",
        FREE,
        "Le ministère chargé de la Santé",
        ("sante-bien-etre",),
    ),
    Demo(
        "sante-et-droits",
        "Info Retraite",
        "https://www.info-retraite.fr/",
        "Pour connaître vos droits à la retraite et demander votre retraite en ligne.",
        SIGN_UP,
        "Les caisses de retraite, réunies dans l'Union Retraite",
    ),
    Demo(
        "se-loger",
        "France Rénov'",
        "https://france-renov.gouv.fr/",
        "Pour être conseillé gratuitement sur vos travaux d'économies d'énergie et les aides possibles.",
        FREE,
        "L'Agence nationale de l'habitat (Anah), pour l'État",
        ("logement",),
    ),
    Demo(
        "se-loger",
        "ANIL",
        "https://www.anil.org/",
        "Pour connaître vos droits de locataire ou de propriétaire, et trouver un conseil gratuit près de "
        "chez vous.",
        FREE,
        "L'Agence nationale pour l'information sur le logement",
        ("logement",),
    ),
    Demo(
        "se-loger",
        "Action Logement",
        "https://www.actionlogement.fr/",
        "Pour les salariés : des aides pour trouver un logement, déménager ou payer une caution.",
        SIGN_UP,
        "Action Logement, l'organisme du logement des salariés",
        ("logement", "emploi"),
    ),
    Demo(
        "se-deplacer",
        "Aléop",
        "https://aleop.paysdelaloire.fr/",
        "Pour trouver les horaires des cars, des trains régionaux et des bateaux en Pays de la Loire.",
        FREE,
        "La Région Pays de la Loire",
        ("mobilite",),
    ),
    Demo(
        "se-deplacer",
        "Naolib",
        "https://naolib.fr/",
        "Pour les horaires des tramways, des bus et des navettes fluviales de Nantes Métropole.",
        FREE,
        "Nantes Métropole",
        ("mobilite",),
    ),
    Demo(
        "debuter-avec-le-numerique",
        "Les Bons Clics",
        "https://www.lesbonsclics.fr/",
        "Pour apprendre pas à pas à utiliser un ordinateur, un téléphone et internet.",
        FREE,
        "WeTechCare, une association",
        ("solidarite",),
    ),
    Demo(
        "debuter-avec-le-numerique",
        "Solidarité numérique",
        "https://www.solidarites-numeriques.fr/",
        "Pour être aidé, au téléphone ou en ligne, dans vos démarches sur internet.",
        FREE,
        "La Mednum, coopérative de la médiation numérique",
        ("solidarite",),
    ),
    Demo(
        "debuter-avec-le-numerique",
        "Cybermalveillance.gouv.fr",
        "https://www.cybermalveillance.gouv.fr/",
        "Pour reconnaître les arnaques sur internet et être aidé si vous en êtes victime.",
        FREE,
        "Un groupement public soutenu par l'État",
        ("solidarite",),
    ),
    Demo(
        "debuter-avec-le-numerique",
        "Pix",
        "https://pix.fr/",
        "Pour tester ce que vous savez faire sur ordinateur et progresser à votre rythme.",
        SIGN_UP,
        "Pix, un service public",
        ("emploi",),
    ),
    Demo(
        "apprendre-en-ligne",
        "FUN MOOC",
        "https://www.fun-mooc.fr/",
        "Pour suivre des cours en ligne des universités et des écoles françaises, à votre rythme.",
        PARTLY,
        "France Université Numérique, un groupement public",
        ("loisirs-culture-sport",),
    ),
    Demo(
        "apprendre-en-ligne",
        "Khan Academy",
        "https://fr.khanacademy.org/",
        "Pour apprendre ou réviser les maths et les sciences, avec des vidéos et des exercices.",
        FREE,
        "Khan Academy, une association",
        ("loisirs-culture-sport",),
    ),
]


def _ensure_categories():
    # The categories come from a data migration; a moderator may have removed one since.
    migration = importlib.import_module("links.migrations.0002_categories")
    migration.create_categories(django_apps, None)
    return {category.slug: category for category in Category.objects.all()}


def seed_demo():
    categories = _ensure_categories()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    existing = set(Link.objects.values_list("url", flat=True))
    added = [demo for demo in LINKS if demo.url not in existing]
    for order, demo in enumerate(LINKS, start=1):
        if demo not in added:
            continue
        link = Link(
            category=categories[demo.category],
            title=demo.title,
            url=demo.url,
            purpose=demo.purpose,
            cost=demo.cost,
            organisation=demo.organisation,
            order=order * 10,
        )
        link.full_clean()
        link.save()
        link.themes.set([themes[slug] for slug in demo.themes])
    return f"{len(added)} lien(s) utile(s) ajouté(s), {len(LINKS) - len(added)} déjà présent(s)."
