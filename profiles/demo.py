"""Invented members with varied interests across Loire-Atlantique, so that matching shows something.

Everyone here is made up. The demo member "martine" (accounts/demo.py) gets a profile too, in
Rezé, which shares things with many of them. Idempotent: members are found again by username.
"""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.charter import CHARTER_VERSION
from accounts.models import User
from tousvoisins.models import Commune, Theme

from .models import Profile, get_profile
from .services import profile_update

DOMAIN = "exemple.tousvoisins44.fr"

# username, display name, commune INSEE, presentation, interests, skills, wishes, thème slugs
MEMBERS = [
    (
        "martine",
        "Martine",
        "44143",
        "Retraitée, j'aime recevoir et papoter autour d'un café.",
        ["cuisiner", "jardinage", "jeux de cartes", "lecture"],
        ["couture", "cuisiner"],
        ["informatique", "téléphone portable"],
        ["loisirs-culture-sport", "solidarite"],
    ),
    (
        "karim-demo",
        "Karim",
        "44143",
        "Je cherche un emploi dans la logistique et j'adore cuisiner pour les amis.",
        ["cuisiner", "jeux de cartes", "jardinage", "football"],
        ["informatique", "téléphone portable"],
        ["écrire un CV", "couture"],
        ["emploi", "loisirs-culture-sport"],
    ),
    (
        "lea-demo",
        "Léa",
        "44109",
        "Étudiante, toujours partante pour un jeu de société.",
        ["jeux de société", "cuisine", "cinéma"],
        ["anglais", "informatique"],
        ["tricot", "jardinage"],
        ["loisirs-culture-sport"],
    ),
    (
        "bernard-demo",
        "Bernard",
        "44162",
        "Jardinier du dimanche, tous les jours de la semaine.",
        ["jardinage", "pêche", "pétanque"],
        ["jardinage", "bricolage"],
        ["téléphone portable"],
        ["logement", "loisirs-culture-sport"],
    ),
    (
        "fatou-demo",
        "Fatou",
        "44109",
        "Maman de trois grands, j'aime les recettes du monde.",
        ["Cuisine", "danse", "couture"],
        ["cuisine du monde", "couture"],
        ["démarches en ligne"],
        ["solidarite", "sante-bien-etre"],
    ),
    (
        "yvonne-demo",
        "Yvonne",
        "44215",
        "J'ai été institutrice, je lis beaucoup.",
        ["lecture", "jeux de cartes", "histoire locale"],
        ["aide aux devoirs", "français pour débutants"],
        ["informatique"],
        ["solidarite"],
    ),
    (
        "thomas-demo",
        "Thomas",
        "44184",
        "Je répare tout ce qui a deux roues.",
        ["vélo", "bricolage", "randonnée"],
        ["vélo", "bricolage"],
        ["cuisiner"],
        ["mobilite"],
    ),
    (
        "nadege-demo",
        "Nadège",
        "44210",
        "Nouvelle dans la région, j'ai envie de rencontrer du monde.",
        ["cuisiner", "marche", "yoga"],
        ["yoga"],
        ["jardinage", "cuisiner"],
        ["sante-bien-etre"],
    ),
    (
        "paulo-demo",
        "Paulo",
        "44055",
        "Pêcheur à la retraite, bavard.",
        ["pêche", "pétanque", "jeux de cartes"],
        ["pêche"],
        ["téléphone portable"],
        ["loisirs-culture-sport"],
    ),
    (
        "sylvie-demo",
        "Sylvie",
        "44069",
        "Je chante dans une chorale et je tricote en écoutant la radio.",
        ["chant", "tricot", "lecture"],
        ["tricot", "chant"],
        ["photographie"],
        ["loisirs-culture-sport"],
    ),
    (
        "mehdi-demo",
        "Mehdi",
        "44036",
        "Développeur, j'aime expliquer l'ordinateur sans jargon.",
        ["informatique", "cinéma", "randonnées"],
        ["informatique", "téléphone portable", "démarches en ligne"],
        ["cuisiner"],
        ["emploi", "solidarite"],
    ),
    (
        "jeanne-demo",
        "Jeanne",
        "44051",
        "Agricultrice, j'ai un grand potager.",
        ["jardinage", "cuisiner", "marche"],
        ["jardinage", "économies d'énergie"],
        ["informatique"],
        ["logement"],
    ),
    (
        "lucas-demo",
        "Lucas",
        "44003",
        "Je joue de la guitare et je cherche un groupe.",
        ["musique", "cinéma", "jeux de société"],
        ["musique"],
        ["cuisiner"],
        ["loisirs-culture-sport"],
    ),
    (
        "odile-demo",
        "Odile",
        "44043",
        "Bénévole aux Restos, je connais tout le monde à Clisson.",
        ["bénévolat", "cuisiner", "lecture"],
        ["cuisiner"],
        ["téléphone portable"],
        ["solidarite"],
    ),
    (
        "gaston-demo",
        "Gaston",
        "44131",
        "J'ai navigué toute ma vie, je raconte volontiers.",
        ["histoire locale", "pêche", "lecture"],
        ["histoire locale"],
        ["informatique"],
        ["loisirs-culture-sport"],
    ),
    (
        "ines-demo",
        "Inès",
        "44015",
        "Je prépare un CAP petite enfance.",
        ["danse", "cuisiner", "couture"],
        ["danse"],
        ["écrire un CV", "entretien d'embauche"],
        ["emploi"],
    ),
    (
        "roger-demo",
        "Roger",
        "44113",
        "Menuisier à la retraite.",
        ["bricolage", "jardinage", "jeux de cartes"],
        ["bricolage"],
        ["téléphone portable"],
        ["logement"],
    ),
    (
        "amina-demo",
        "Amina",
        "44087",
        "J'apprends le français et je cuisine pour mes voisins.",
        ["cuisiner", "couture", "marche"],
        ["cuisine du monde"],
        ["français pour débutants"],
        ["solidarite"],
    ),
    (
        "pierre-demo",
        "Pierre",
        "44195",
        "Cycliste du dimanche et photographe amateur.",
        ["vélo", "photographie", "randonnée"],
        ["photographie"],
        ["jardinage"],
        ["mobilite"],
    ),
    (
        "claude-demo",
        "Claude",
        "44114",
        "Je fais de la gym douce et des mots croisés.",
        ["gym douce", "lecture", "jeux de société"],
        ["gym douce"],
        ["téléphone portable"],
        ["sante-bien-etre"],
    ),
    (
        "sarah-demo",
        "Sarah",
        "44026",
        "Infirmière, j'aime la marche et la cuisine saine.",
        ["marche", "cuisine saine", "yoga"],
        ["relaxation"],
        ["jardinage"],
        ["sante-bien-etre"],
    ),
    (
        "michel-demo",
        "Michel",
        "44129",
        "Président du club de pétanque.",
        ["pétanque", "jeux de cartes", "pêche"],
        ["pétanque"],
        ["informatique"],
        ["loisirs-culture-sport"],
    ),
    (
        "chloe-demo",
        "Chloé",
        "44154",
        "Je dessine et je peins au bord de l'estuaire.",
        ["dessin", "peinture", "photographie"],
        ["dessin"],
        ["couture"],
        ["loisirs-culture-sport"],
    ),
    (
        "hamid-demo",
        "Hamid",
        "44212",
        "Je cherche du covoiturage pour aller travailler.",
        ["football", "cuisiner", "musique"],
        ["covoiturage"],
        ["code de la route"],
        ["mobilite", "emploi"],
    ),
    (
        "therese-demo",
        "Thérèse",
        "44110",
        "Je fais des confitures pour tout le quartier.",
        ["cuisiner", "jardinage", "tricot"],
        ["cuisiner", "tricot"],
        ["téléphone portable"],
        ["solidarite"],
    ),
    (
        "david-demo",
        "David",
        "44073",
        "Papa solo... enfin, papa qui aime les balades.",
        ["randonnée", "vélo", "jeux de société"],
        ["bricolage"],
        ["cuisiner"],
        ["mobilite"],
    ),
    (
        "rose-demo",
        "Rose",
        "44020",
        "J'organise des après-midi jeux à la médiathèque.",
        ["jeux de société", "jeux de cartes", "lecture"],
        ["jeux de société"],
        ["informatique"],
        ["loisirs-culture-sport"],
    ),
    (
        "antoine-demo",
        "Antoine",
        "44190",
        "Conseiller en économies d'énergie, bénévole.",
        ["économies d'énergie", "vélo", "jardinage"],
        ["économies d'énergie", "recyclage"],
        ["musique"],
        ["logement"],
    ),
    (
        "marie-demo",
        "Marie",
        "44049",
        "Ancienne libraire du Croisic.",
        ["lecture", "histoire locale", "marche"],
        ["lecture"],
        ["photographie"],
        ["loisirs-culture-sport"],
    ),
    (
        "youssef-demo",
        "Youssef",
        "44186",
        "Je passe mon permis et je cherche du travail.",
        ["football", "musique", "cuisiner"],
        ["langues étrangères"],
        ["code de la route", "écrire un CV"],
        ["emploi", "mobilite"],
    ),
    (
        "colette-demo",
        "Colette",
        "44047",
        "Je couds des sacs avec les vieux tissus.",
        ["couture", "recyclage", "cuisiner"],
        ["couture", "recyclage"],
        ["téléphone portable"],
        ["solidarite"],
    ),
    (
        "eric-demo",
        "Éric",
        "44209",
        "Randonneur et cuisinier du dimanche.",
        ["randonnée", "cuisiner", "jardinage"],
        ["randonnée"],
        ["informatique"],
        ["sante-bien-etre"],
    ),
    (
        "lina-demo",
        "Lina",
        "44109",
        "J'anime un atelier de chant.",
        ["chant", "danse", "musique"],
        ["chant"],
        ["jardinage"],
        ["loisirs-culture-sport"],
    ),
    (
        "jacques-demo",
        "Jacques",
        None,
        "Je préfère ne pas dire où j'habite, mais j'aime la pêche.",
        ["pêche", "lecture"],
        ["pêche"],
        ["téléphone portable"],
        [],
    ),
]


@transaction.atomic
def seed_demo():
    from accounts.demo import DEMO_PASSWORD

    communes = {commune.insee: commune for commune in Commune.objects.only("pk", "insee", "name")}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    created = 0
    for username, name, insee, presentation, interests, skills, wishes, theme_slugs in MEMBERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = _make_user(username, DEMO_PASSWORD)
            created += 1
        profile = get_profile(user)
        if profile.presentation:  # already seeded: leave what someone may have changed in the demo
            continue
        profile.display_name = name
        profile.presentation = presentation
        profile_update(
            profile=profile,
            commune=communes.get(insee),
            themes=[themes[slug] for slug in theme_slugs if slug in themes],
            tag_labels={"interests": interests, "skills": skills, "wishes": wishes},
        )
    total = Profile.objects.filter(user__username__in=[member[0] for member in MEMBERS]).count()
    return f"{total} profils de membres d'exemple ({created} nouveaux), dont celui de « martine »"


def _make_user(username, password):
    email = f"{username}@{DOMAIN}"
    user = User.objects.create_user(
        username=username,
        email=email,
        password=password,
        charter_version=CHARTER_VERSION,
        charter_accepted_at=timezone.now(),
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user
