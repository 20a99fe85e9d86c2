"""Demo referents (invented people, marked "exemple" everywhere), so `make run` shows a living directory.

Idempotent: a referent is found again by their account and left as it is. The three referent
accounts of accounts/demo.py get a card; a few more accounts are made here, with the same password.
"""

from dataclasses import dataclass, field
from datetime import time

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.charter import CHARTER_VERSION
from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from tousvoisins.models import Commune, Intercommunalite, Theme

from .models import Permanence, Referent
from .services import referent_save

EXAMPLE_NOTICE = "Ceci est une fiche d'exemple : cette personne n'existe pas."
T, K = Referent.Kind.TERRITORY, Referent.Kind.THEMATIC
S = Referent.StructureKind


@dataclass
class Demo:
    username: str
    public_name: str
    kind: str
    structure: str
    structure_kind: str
    presentation: str
    themes: list = field(default_factory=list)
    sirens: list = field(default_factory=list)
    phone: str = ""
    phone_hours: str = ""
    # (insee, place, address, weekday, (start h, m), (end h, m), frequency, notes)
    permanences: list = field(default_factory=list)
    title: str = Referent.Title.REFERENT


REFERENTS = [
    Demo(
        "claire-nantes",
        "Claire (exemple)",
        T,
        "Maison de quartier de Doulon (exemple)",
        S.ASSOCIATION,
        "Je connais bien les associations de la métropole. Venez me voir si vous cherchez une activité, "
        "des voisins, ou si vous voulez lancer une rencontre près de chez vous.",
        sirens=["244400404"],
        phone="0240000001",
        phone_hours="du lundi au vendredi, de 9 h à 12 h",
        permanences=[
            (
                "44109",
                "Maison de quartier de Doulon",
                "1 rue de l'Exemple",
                1,
                (14, 0),
                (17, 0),
                "",
                "Sans rendez-vous.",
            ),
            ("44162", "Médiathèque", "", 5, (10, 0), (12, 0), "1er et 3e samedi du mois", ""),
        ],
        title=Referent.Title.REFERENTE,
    ),
    Demo(
        "yann-cap",
        "Yann (exemple)",
        T,
        "Centre communal d'action sociale (exemple)",
        S.COMMUNE,
        "Agent de la presqu'île, je vous aide à trouver une activité ou un coup de main près de chez vous, "
        "de Guérande au Croisic.",
        sirens=["244400610"],
        permanences=[
            (
                "44069",
                "Mairie annexe, salle du rez-de-chaussée",
                "",
                3,
                (9, 30),
                (12, 0),
                "",
                "Accès de plain-pied.",
            )
        ],
    ),
    Demo(
        "sophie-emploi",
        "Sophie (exemple)",
        K,
        "Association Entraide Emploi (exemple)",
        S.ASSOCIATION,
        "Je relaie les cafés-emploi et les ateliers CV du département. Je peux vous dire où trouver un "
        "atelier près de chez vous, gratuit et sans inscription compliquée.",
        themes=["emploi"],
        permanences=[
            ("44109", "Maison de l'emploi", "", 0, (9, 0), (12, 0), "", "Sans rendez-vous."),
            ("44184", "Espace France services", "", 3, (14, 0), (16, 30), "2e et 4e jeudi du mois", ""),
        ],
        title=Referent.Title.REFERENTE,
    ),
    Demo(
        "karim-carene",
        "Karim (exemple)",
        T,
        "Ville de Saint-Nazaire, maison de quartier (exemple)",
        S.COMMUNE,
        "Je fais le lien entre les habitants et les associations de l'agglomération nazairienne.",
        sirens=["244400644"],
        permanences=[("44184", "Maison de quartier", "", 2, (14, 0), (18, 0), "", "")],
    ),
    Demo(
        "gaelle-compa",
        "Gaëlle (exemple)",
        T,
        "Pays d'Ancenis, service vie locale (exemple)",
        S.INTERCOMMUNALITE,
        "Bénévole au Pays d'Ancenis, je vous aide à rejoindre une activité ou à en créer une.",
        sirens=["244400552"],
        permanences=[("44003", "Espace associatif", "", 1, (10, 0), (12, 0), "", "")],
        title=Referent.Title.REFERENTE,
    ),
    Demo(
        "bernard-mobilite",
        "Bernard (exemple)",
        K,
        "Association Roulons ensemble (exemple)",
        S.ASSOCIATION,
        "Covoiturage solidaire, vélo, transport à la demande : je vous aide à trouver comment vous déplacer.",
        themes=["mobilite"],
        permanences=[
            ("44015", "Centre social", "", 4, (14, 0), (16, 0), "", "Au 1er étage, avec ascenseur.")
        ],
    ),
    Demo(
        "fatou-solidarite",
        "Fatou (exemple)",
        K,
        "Département de Loire-Atlantique (exemple)",
        S.DEPARTEMENT,
        "Entraide entre voisins, accès aux droits, bien-être : je vous oriente vers les bonnes personnes.",
        themes=["solidarite", "sante-bien-etre"],
        permanences=[("44036", "Espace départemental des solidarités", "", 1, (9, 0), (12, 0), "", "")],
        title=Referent.Title.REFERENTE,
    ),
]


def _user(username):
    email = f"{username}@exemple.tousvoisins44.fr"
    user, created = User.objects.get_or_create(username=username, defaults={"email": email})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.charter_version = CHARTER_VERSION
        user.charter_accepted_at = timezone.now()
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _create(demo):
    referent = Referent(
        user=_user(demo.username),
        public_name=demo.public_name,
        kind=demo.kind,
        structure=demo.structure,
        structure_kind=demo.structure_kind,
        presentation=f"{demo.presentation}\n\n{EXAMPLE_NOTICE}",
        phone=demo.phone,
        phone_hours=demo.phone_hours,
        title=demo.title,
    )
    referent_save(
        referent=referent,
        themes=Theme.objects.filter(slug__in=demo.themes),
        territories=Intercommunalite.objects.filter(siren__in=demo.sirens),
    )
    for insee, place, address, weekday, start, end, frequency, notes in demo.permanences:
        permanence = Permanence(
            referent=referent,
            commune=Commune.objects.get(insee=insee),
            place_name=f"{place} (exemple)",
            address=address,
            weekday=weekday,
            start_time=time(*start),
            end_time=time(*end),
            frequency=frequency,
            notes=notes,
        )
        permanence.full_clean()
        permanence.save()


def seed_demo():
    existing = set(Referent.objects.values_list("user__username", flat=True))
    created = [demo for demo in REFERENTS if demo.username not in existing]
    for demo in created:
        _create(demo)
    return f"{len(created)} référents d'exemple ajoutés ({len(REFERENTS)} en tout)"
