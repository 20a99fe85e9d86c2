"""Demo events across Loire-Atlantique (invented), so that `make run` shows a living agenda.

Idempotent: an event is found again by its title and commune and left as it is; dates are
relative to the day of the first run, and every run extends the recurring ones.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from tousvoisins.models import Commune, Theme

from .models import (
    PARIS,
    AccompanimentOffer,
    AccompanimentRequest,
    Event,
    Participation,
    ProxyRegistration,
    WaitingListEntry,
)
from .recurrence import first_start_on_or_after
from .services import event_save, event_sync_occurrences, participation_join, proxy_register
from .services_accompaniment import accompaniment_request, accompaniment_request_for_registration
from .services_waiting_list import waiting_list_join


@dataclass
class Demo:
    title: str
    insee: str
    themes: list
    place_name: str
    address: str
    hour: tuple  # (hour, minute) of the start
    minutes: int  # duration
    description: str
    organiser: str
    rule: str = ""
    days_ahead: int = 0  # for a single date: how many days after today
    access: set = field(default_factory=set)
    all_day: bool = False
    days: int = 1  # all-day events: how many days
    status: str = Event.Status.PUBLISHED
    reason: str = ""
    capacity: int | None = None
    exceptions_in_weeks: tuple = ()  # recurring: skip the date so many weeks after the first one
    welcome: dict = field(default_factory=dict)  # welcomer, how to come, phone (Event's fields)
    summary: str = ""  # "En bref": one or two short sentences in everyday words


EVENTS = [
    Demo(
        "Café-emploi : on cherche ensemble",
        "44109",
        ["emploi"],
        "Maison de quartier de la Halvêque",
        "12 rue du Bêle",
        (14, 0),
        120,
        "Un café pour parler de sa recherche d'emploi, sans jugement.\n\n"
        "- relire un CV à plusieurs\n- partager des offres\n- se donner du courage",
        "Association Entraide Emploi Nantes Est",
        summary="On parle de sa recherche d'emploi autour d'un café. On relit son CV à plusieurs et on "
        "partage des offres.",
        rule="FREQ=WEEKLY;BYDAY=TU",
        access={"step_free", "quiet_place"},
        exceptions_in_weeks=(4,),
        welcome={
            "welcomer_name": "Martine",
            "welcomer_hint": "au fond de la salle, avec un foulard vert",
            "how_to_come": "Tram 1, arrêt Halvêque, puis 3 minutes à pied. Entrée par la cour.",
            "phone_registration": True,
            "phone_number": "0240000002",
        },
    ),
    Demo(
        "Repair café : on répare au lieu de jeter",
        "44143",
        ["solidarite", "loisirs-culture-sport"],
        "Salle des fêtes du Château",
        "Place du Marché",
        (10, 0),
        180,
        "Apportez un grille-pain, une lampe ou un vêtement abîmé : des bénévoles vous aident à le réparer.",
        "Les Bricoleurs du Sud-Loire",
        summary="Un objet est cassé ? Apportez-le. Des bénévoles vous aident à le réparer, au lieu de le "
        "jeter.",
        rule="FREQ=MONTHLY;BYDAY=1SA",
        access={"step_free"},
        welcome={
            "welcomer_name": "Gérard",
            "welcomer_hint": "à la table de l'entrée, avec un tablier bleu",
            "how_to_come": "Bus 42, arrêt Château. Parking gratuit place du Marché.",
            "phone_registration": True,
            "phone_number": "0240000003",
        },
    ),
    Demo(
        "Marche douce du lundi et du jeudi",
        "44162",
        ["sante-bien-etre"],
        "Parc de la Bégraisière",
        "Entrée rue de la Bégraisière",
        (9, 30),
        90,
        "Une heure et demie de marche tranquille, à l'allure de chacun. Prévoyez de bonnes chaussures.",
        "Club Marche et Santé",
        summary="On marche ensemble une heure et demie, sans se presser. Chacun va à son rythme.",
        rule="FREQ=WEEKLY;BYDAY=MO,TH",
    ),
    Demo(
        "Atelier numérique : mon téléphone sans stress",
        "44036",
        ["emploi", "solidarite"],
        "Médiathèque",
        "Place Charles-de-Gaulle",
        (14, 0),
        120,
        "Envoyer une photo, faire un appel vidéo, lire ses courriels : on apprend pas à pas.",
        "Espace numérique de Châteaubriant",
        summary="On apprend à se servir de son téléphone : photos, appels vidéo, courriels. Pas à pas, sans "
        "stress.",
        rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        access={"step_free", "easy_read"},
        capacity=8,
    ),
    Demo(
        "Soirée jeux de société",
        "44069",
        ["loisirs-culture-sport"],
        "Ludothèque",
        "Rue des Halles",
        (19, 0),
        180,
        "Jeux de cartes, de plateau, d'ambiance : on vous explique les règles.",
        "Ludothèque de la Presqu'île",
        summary="On joue à des jeux de cartes et de plateau. On vous explique les règles, pas besoin de "
        "savoir jouer.",
        rule="FREQ=MONTHLY;BYDAY=-1FR",
        access={"step_free"},
    ),
    Demo(
        "Tricot et papotage",
        "44113",
        ["loisirs-culture-sport", "solidarite"],
        "Salle des associations",
        "Rue de la Mairie",
        (14, 30),
        150,
        "Débutants bienvenus : laine et aiguilles prêtées.",
        "Les Mailles de Nozay",
        summary="On tricote et on discute. Débutants bienvenus : la laine et les aiguilles sont prêtées.",
        rule="FREQ=WEEKLY;BYDAY=FR",
        access={"step_free", "quiet_place"},
        welcome={
            "welcomer_name": "Odile",
            "welcomer_hint": "près de la fenêtre, avec le panier de laine",
            "how_to_come": "Car Aléop 320, arrêt Mairie. La salle est derrière la mairie.",
        },
    ),
    Demo(
        "Permanence logement : vos questions",
        "44184",
        ["logement"],
        "Maison de quartier de Méan-Penhoët",
        "Rue de la Ville-Halluard",
        (9, 30),
        150,
        "Loyer, aides, voisinage, économies d'énergie : un bénévole vous écoute et vous oriente.",
        "Collectif Habiter Ensemble",
        summary="Une question sur votre loyer, les aides ou l'énergie ? Un bénévole vous écoute et vous "
        "oriente.",
        rule="FREQ=MONTHLY;BYDAY=2TH",
        access={"step_free", "hearing_loop"},
    ),
    Demo(
        "Jardin partagé : matinée de plantation",
        "44131",
        ["loisirs-culture-sport", "sante-bien-etre"],
        "Jardin partagé de la Birochère",
        "Chemin de la Birochère",
        (10, 0),
        120,
        "On jardine ensemble, on échange des graines et des conseils. Outils sur place.",
        "Les Jardiniers de Pornic",
        summary="On plante ensemble au jardin partagé. On échange des graines et des conseils. Les outils "
        "sont sur place.",
        rule="FREQ=WEEKLY;BYDAY=SA",
    ),
    Demo(
        "Atelier CV et lettre de motivation",
        "44003",
        ["emploi"],
        "Espace France Services",
        "Rue du Collège",
        (9, 0),
        120,
        "Venez avec votre CV, même inachevé : on le relit ensemble.",
        "Espace France Services du Pays d'Ancenis",
        summary="Venez avec votre CV, même pas fini. On le relit ensemble et on prépare une lettre.",
        rule="FREQ=MONTHLY;BYDAY=3WE",
        access={"step_free", "easy_read"},
        capacity=10,
    ),
    Demo(
        "Atelier vélo : apprendre à réparer",
        "44195",
        ["mobilite"],
        "Local de l'atelier vélo",
        "Rue de la Gare",
        (14, 0),
        180,
        "Crevaison, freins, chaîne : on apprend à entretenir son vélo, outils prêtés.",
        "La Rustine du Sillon",
        summary="On apprend à réparer son vélo : pneu crevé, freins, chaîne. Les outils sont prêtés.",
        rule="FREQ=MONTHLY;BYDAY=1SA",
    ),
    Demo(
        "Gym douce",
        "44043",
        ["sante-bien-etre"],
        "Salle de sport du Val de Moine",
        "Rue du Nid d'Oie",
        (10, 0),
        60,
        "Des mouvements simples, assis ou debout, pour garder la forme.",
        "Clisson Forme et Bien-être",
        summary="Des mouvements simples, assis ou debout, pour garder la forme. Ouvert à tous les âges.",
        rule="FREQ=WEEKLY;BYDAY=TH",
        access={"step_free", "quiet_place"},
        capacity=15,
    ),
    Demo(
        "Chorale ouverte à tous",
        "44212",
        ["loisirs-culture-sport"],
        "Salle Émeraude",
        "Rue François-Luneau",
        (20, 0),
        90,
        "Pas besoin de savoir lire la musique. On chante des chansons connues.",
        "Les Voix du Vignoble",
        summary="On chante ensemble des chansons connues. Pas besoin de savoir lire la musique.",
        rule="FREQ=WEEKLY;BYDAY=MO",
        access={"step_free", "hearing_loop"},
        welcome={
            "welcomer_name": "Yvonne",
            "welcomer_hint": "à côté du piano",
            "how_to_come": "Parking gratuit devant la salle Émeraude. Bus 3, arrêt Luneau.",
            "phone_registration": True,
            "phone_number": "0240000004",
        },
    ),
    Demo(
        "Conduite accompagnée solidaire : réunion d'information",
        "44087",
        ["mobilite", "emploi"],
        "Salle des fêtes",
        "Place du Pont-Saint-Michel",
        (18, 0),
        90,
        "Passer le permis quand on a peu de moyens : les aides et les auto-écoles solidaires.",
        "Mobilité Sud Retz",
        summary="Vous voulez passer le permis avec peu de moyens ? On vous présente les aides et les "
        "auto-écoles solidaires.",
        days_ahead=9,
        access={"step_free", "sign_language"},
    ),
    Demo(
        "Troc de vêtements d'hiver",
        "44015",
        ["solidarite"],
        "Salle des fêtes",
        "Place Jean-Guihéneuf",
        (10, 0),
        240,
        "Déposez ce qui ne vous sert plus, repartez avec ce qui vous manque. Tout est gratuit.",
        "Secours de Blain",
        summary="Déposez les vêtements chauds qui ne vous servent plus. Repartez avec ce qui vous manque, "
        "gratuitement.",
        days_ahead=4,
        access={"step_free"},
    ),
    Demo(
        "Forum de l'emploi local",
        "44129",
        ["emploi"],
        "Salle des fêtes",
        "Rue du Calvaire",
        (9, 0),
        480,
        "Des entreprises du territoire recrutent. Apportez quelques CV.",
        "Maison de l'emploi du Pays de Pontchâteau",
        summary="Des entreprises d'ici cherchent des salariés. Venez les rencontrer avec quelques CV.",
        days_ahead=16,
        access={"step_free", "hearing_loop", "easy_read"},
    ),
    Demo(
        "Conférence : bien dormir, ça s'apprend",
        "44055",
        ["sante-bien-etre"],
        "Médiathèque",
        "Avenue Pavie",
        (18, 30),
        90,
        "Une infirmière explique comment mieux dormir. Questions bienvenues.",
        "Association Santé Presqu'île",
        summary="Une infirmière explique comment mieux dormir. Vous pouvez poser vos questions.",
        days_ahead=11,
        access={"step_free", "hearing_loop", "sign_language"},
    ),
    Demo(
        "Balade nature au bord du lac",
        "44188",
        ["loisirs-culture-sport", "sante-bien-etre"],
        "Maison du lac de Grand-Lieu",
        "Rue du Lac",
        (14, 0),
        150,
        "Une promenade facile pour observer les oiseaux. Jumelles prêtées.",
        "Amis du lac de Grand-Lieu",
        summary="Une promenade facile au bord du lac pour regarder les oiseaux. Les jumelles sont prêtées.",
        days_ahead=6,
    ),
    Demo(
        "Économies d'énergie à la maison",
        "44209",
        ["logement"],
        "Médiathèque",
        "Rue de la Mairie",
        (18, 0),
        120,
        "Chauffage, eau chaude, appareils : des gestes simples pour payer moins.",
        "Conseillers France Rénov' (bénévoles)",
        summary="Des gestes simples pour payer moins de chauffage, d'eau chaude et d'électricité.",
        days_ahead=13,
        access={"step_free"},
    ),
    Demo(
        "Fête des voisins d'hiver",
        "44190",
        ["solidarite", "loisirs-culture-sport"],
        "Maison de quartier",
        "Rue de la Fontaine",
        (17, 0),
        240,
        "Chacun apporte un plat ou une boisson. Musique et jeux pour les enfants.",
        "Comité de quartier",
        summary="Chacun apporte un plat ou une boisson. Il y a de la musique et des jeux pour les enfants.",
        days_ahead=19,
        access={"step_free"},
    ),
    Demo(
        "Marché de Noël solidaire",
        "44110",
        ["solidarite"],
        "Salle de l'Orangerie",
        "Rue du Général-Leclerc",
        (0, 0),
        0,
        "Artisans et associations du pays. Les bénéfices vont à l'épicerie solidaire.",
        "Épicerie solidaire de Nort-sur-Erdre",
        summary="Des artisans et des associations vendent leurs objets. L'argent gagné va à l'épicerie "
        "solidaire.",
        days_ahead=22,
        all_day=True,
        access={"step_free"},
    ),
    Demo(
        "Festival des jeux en famille",
        "44154",
        ["loisirs-culture-sport"],
        "Salle de la Gravette",
        "Avenue du Bois",
        (0, 0),
        0,
        "Deux jours de jeux géants, de jeux anciens et de tournois amicaux.",
        "Ludothèque du Sud Estuaire",
        summary="Deux jours de jeux géants et de jeux anciens, pour les petits et les grands.",
        days_ahead=27,
        all_day=True,
        days=2,
        access={"step_free", "quiet_place"},
    ),
    Demo(
        "Permanence covoiturage",
        "44067",
        ["mobilite"],
        "Mairie, salle du conseil",
        "Place de l'Église",
        (10, 0),
        120,
        "Trouver quelqu'un pour aller au travail, au marché ou chez le médecin.",
        "Réseau Covoiturage Solidaire",
        summary="On vous aide à trouver quelqu'un pour partager la voiture : pour le travail, le marché ou "
        "le médecin.",
        days_ahead=8,
    ),
    Demo(
        "Café des parents",
        "44128",
        ["solidarite"],
        "Espace enfance",
        "Rue des Écoles",
        (9, 30),
        90,
        "Un moment entre parents pour échanger, pendant que les enfants jouent à côté.",
        "Association Familles Rurales",
        summary="Les parents se retrouvent pour parler entre eux. Pendant ce temps, les enfants jouent à "
        "côté.",
        days_ahead=3,
        access={"step_free", "quiet_place"},
    ),
    Demo(
        "Initiation à la marche nordique",
        "44051",
        ["sante-bien-etre", "loisirs-culture-sport"],
        "Départ du parking de l'étang",
        "Route de l'Étang",
        (10, 0),
        120,
        "Bâtons prêtés. Une activité douce pour tout le corps.",
        "Derval Randonnée",
        summary="On marche avec des bâtons : c'est doux et bon pour tout le corps. Les bâtons sont prêtés.",
        days_ahead=12,
    ),
    Demo(
        "Aide aux démarches en ligne",
        "44131",
        ["emploi", "logement"],
        "Médiathèque Armel-de-Wismes",
        "Rue de Verdun",
        (14, 0),
        180,
        "Impôts, CAF, France Travail : un bénévole vous aide sur l'ordinateur, en toute confidentialité.",
        "Pornic Numérique Solidaire",
        summary="Un bénévole vous aide à faire vos démarches sur l'ordinateur : impôts, aides, emploi. Tout "
        "reste entre vous.",
        days_ahead=5,
        access={"step_free", "easy_read"},
    ),
    Demo(
        "Lecture à voix haute",
        "44180",
        ["loisirs-culture-sport"],
        "Bibliothèque",
        "Place de l'Église",
        (15, 0),
        60,
        "Des bénévoles lisent des nouvelles et des poèmes. Goûter offert.",
        "Les Amis de la bibliothèque",
        summary="Des bénévoles lisent à voix haute des histoires et des poèmes. Un goûter est offert.",
        days_ahead=10,
        access={"step_free", "hearing_loop", "quiet_place"},
    ),
    Demo(
        "Visite d'un logement partagé entre générations",
        "44132",
        ["logement", "solidarite"],
        "Résidence Les Mouettes",
        "Avenue de Mazy",
        (15, 0),
        90,
        "Un senior et un étudiant racontent leur colocation. Vous pouvez visiter.",
        "Réseau Cohabitation Solidaire",
        summary="Une personne âgée et un étudiant vivent ensemble. Ils racontent leur vie à deux, et vous "
        "pouvez visiter.",
        days_ahead=15,
        status=Event.Status.CANCELLED,
        reason="La résidence est fermée pour travaux. Une nouvelle date sera annoncée.",
    ),
    Demo(
        "Bourse aux vélos d'occasion",
        "44047",
        ["mobilite"],
        "Parking de la salle de la Gérauderie",
        "Rue de la Gérauderie",
        (9, 0),
        240,
        "Vendez ou trouvez un vélo à petit prix, vérifié par des bénévoles.",
        "Couëron à Vélo",
        summary="Vendez ou achetez un vélo à petit prix. Des bénévoles vérifient chaque vélo.",
        days_ahead=20,
        access={"step_free"},
    ),
    Demo(
        "Atelier cuisine anti-gaspillage",
        "44072",
        ["sante-bien-etre", "solidarite"],
        "Cuisine de la salle polyvalente",
        "Rue de la Forge",
        (10, 0),
        150,
        "On cuisine ensemble avec des invendus du marché, puis on partage le repas.",
        "Herbignac Solidaire",
        summary="On cuisine ensemble avec les produits non vendus du marché. Puis on partage le repas.",
        days_ahead=17,
        capacity=12,
    ),
    Demo(
        "Promenade à vélo sur les bords de Loire (proposition)",
        "44169",
        ["mobilite", "loisirs-culture-sport"],
        "Devant la mairie",
        "Place de la Mairie",
        (14, 0),
        180,
        "Une sortie tranquille de 20 km. Casque conseillé.",
        "Martine, habitante",
        summary="Une sortie tranquille à vélo de 20 kilomètres, au bord de la Loire. Le casque est "
        "conseillé.",
        days_ahead=24,
        status=Event.Status.PROPOSED,
    ),
    # Full: its two places are taken, and two people wait (see WAITING_LIST).
    Demo(
        "Atelier couture : je répare mes vêtements",
        "44143",
        ["solidarite", "loisirs-culture-sport"],
        "Salle associative de la Carterie",
        "Rue de la Carterie",
        (14, 30),
        120,
        "Un ourlet, un bouton, une fermeture éclair : on apprend à réparer ses vêtements. "
        "Deux machines à coudre, donc deux places.",
        "Les Fils de Rezé",
        summary="On apprend à réparer ses vêtements : un trou, un bouton. Il y a deux machines à coudre.",
        days_ahead=9,
        capacity=2,
    ),
]


# Demo accounts (accounts.demo) who said "je participe" to the next date of these events, so that
# counts, "qui vient" (for the organiser and referents) and "mes participations" show something.
PARTICIPATIONS = [
    ("martine", "Café-emploi : on cherche ensemble"),
    ("martine", "Chorale ouverte à tous"),
    ("martine", "Atelier numérique : mon téléphone sans stress"),
    ("sophie-emploi", "Café-emploi : on cherche ensemble"),
    ("sophie-emploi", "Forum de l'emploi local"),
    ("claire-nantes", "Repair café : on répare au lieu de jeter"),
    ("yann-cap", "Soirée jeux de société"),
    ("sophie-emploi", "Atelier couture : je répare mes vêtements"),
    ("yann-cap", "Atelier couture : je répare mes vêtements"),
]


def _seed_participations():
    """Each member joins the next date of each of their events once (never again on a re-run)."""
    users = User.objects.in_bulk({username for username, _ in PARTICIPATIONS}, field_name="username")
    titles = {title for _, title in PARTICIPATIONS}
    events = {event.title: event for event in Event.objects.published().filter(title__in=titles)}
    joined = 0
    for username, title in PARTICIPATIONS:
        user, event = users.get(username), events.get(title)
        if user is None or event is None:
            continue
        if Participation.objects.filter(user=user, occurrence__event=event).exists():
            continue
        occurrence = event.occurrences.upcoming().order_by("start").first()
        if occurrence is None:
            continue
        try:
            joined += participation_join(occurrence=occurrence, user=user)
        except ValidationError:  # full: the demo does not force its way in
            continue
    return joined


# A person without an account, registered by phone by the territory referent of Nantes Métropole:
# she shows in "Qui vient" (/agenda/<event>/qui-vient/) for claire, never publicly.
PROXY_REGISTRATION = ("claire-nantes", "Repair café : on répare au lieu de jeter")


def _seed_proxy_registration():
    username, title = PROXY_REGISTRATION
    referent = User.objects.filter(username=username).first()
    event = Event.objects.published().filter(title=title).first()
    if referent is None or event is None:
        return 0
    if ProxyRegistration.objects.filter(occurrence__event=event).exists():
        return 0
    occurrence = event.occurrences.upcoming().order_by("start").first()
    if occurrence is None:
        return 0
    person = ProxyRegistration(
        first_name="Jeannine",
        phone="02 40 00 00 00",
        consent_given_on=timezone.localdate(),
        consent_channel=ProxyRegistration.Channel.PHONE,
        notes="Vient en fauteuil ; a besoin qu'on l'appelle la veille.",
    )
    try:
        return len(proxy_register(person=person, occurrences=[occurrence], registered_by=referent).registered)
    except ValidationError:  # full: the demo does not force its way in
        return 0


# The waiting list of the full sewing workshop: Odette, without an account, put on it by phone by
# claire (territory referent of Nantes Métropole), then martine, who reads "Vous êtes 2e sur la
# liste d'attente" on the event's page; claire sees both in "Qui vient" and in the admin.
WAITING_LIST = ("claire-nantes", "martine", "Atelier couture : je répare mes vêtements")


def _seed_waiting_list():
    referent_name, member_name, title = WAITING_LIST
    users = User.objects.in_bulk([referent_name, member_name], field_name="username")
    event = Event.objects.published().filter(title=title).first()
    occurrence = event and event.occurrences.upcoming().order_by("start").first()
    if occurrence is None or occurrence.waiting_list.exists() or len(users) < 2:
        return 0
    odette = WaitingListEntry(
        first_name="Odette",
        phone="02 40 11 22 33",
        consent_given_on=timezone.localdate(),
        consent_channel=ProxyRegistration.Channel.PHONE,
        notes="Préfère qu'on l'appelle le matin.",
    )
    try:
        waiting_list_join(occurrence=occurrence, person=odette, registered_by=users[referent_name])
        waiting_list_join(occurrence=occurrence, user=users[member_name])
    except ValidationError:  # places left: no list
        return 0
    return 2


# "J'aimerais être accompagné(e)": martine asks on the next Café-emploi and sophie, who comes too,
# offers (martine sees "Accepter l'aide de Sophie"); claire asks for Jeannine, registered by phone.
ACCOMPANIMENT = ("martine", "sophie-emploi", "Café-emploi : on cherche ensemble")


def _seed_accompaniment():
    """Once: a later run finds the requests and adds nothing. The offer is written directly, without
    the e-mail the site would send."""
    asker, helper_name, title = ACCOMPANIMENT
    participation = (
        Participation.objects.filter(user__username=asker, occurrence__event__title=title)
        .select_related("occurrence")
        .order_by("occurrence__start")
        .first()
    )
    helper = User.objects.filter(username=helper_name).first()
    added = 0
    if participation and not AccompanimentRequest.objects.filter(participation=participation).exists():
        try:
            wanted = accompaniment_request(
                participation=participation,
                kind=AccompanimentRequest.Kind.COME_WITH,
                note="C'est ma première fois, je n'ose pas y aller seule.",
            )
        except ValidationError:  # the date is over
            wanted = None
        if (
            wanted
            and helper
            and Participation.objects.filter(occurrence=participation.occurrence, user=helper).exists()
        ):
            AccompanimentOffer.objects.create(request=wanted, helper=helper)
        added += wanted is not None
    registration = (
        ProxyRegistration.objects.filter(
            first_name="Jeannine", occurrence__event__title=PROXY_REGISTRATION[1]
        )
        .select_related("occurrence", "registered_by")
        .first()
    )
    if registration and not AccompanimentRequest.objects.filter(registration=registration).exists():
        try:
            accompaniment_request_for_registration(
                registration=registration,
                kind=AccompanimentRequest.Kind.LIFT,
                note="Vient en fauteuil : une voiture où le fauteuil tient dans le coffre.",
                by=registration.registered_by,
            )
            added += 1
        except ValidationError:
            pass
    return added


def _start(demo, now):
    if demo.rule:
        moment = now.replace(hour=demo.hour[0], minute=demo.hour[1], second=0, microsecond=0)
        return first_start_on_or_after(demo.rule, moment + timedelta(days=1))
    day = now + timedelta(days=demo.days_ahead)
    return day.replace(hour=demo.hour[0], minute=demo.hour[1], second=0, microsecond=0)


def _build(demo, now, communes, proposer):
    start = _start(demo, now)
    # Aware arithmetic within one zone keeps the wall-clock time: 14 h + 2 h is 16 h, DST or not.
    end = start + (timedelta(days=demo.days) if demo.all_day else timedelta(minutes=demo.minutes))
    return Event(
        title=demo.title,
        summary=demo.summary,
        description=demo.description,
        start=start,
        end=end,
        all_day=demo.all_day,
        recurrence=demo.rule,
        exception_dates=[(start + timedelta(weeks=weeks)).date() for weeks in demo.exceptions_in_weeks],
        place_name=demo.place_name,
        address=demo.address,
        commune=communes[demo.insee],
        organiser_name=demo.organiser,
        status=demo.status,
        status_reason=demo.reason,
        capacity=demo.capacity,
        proposed_by=proposer if demo.status == Event.Status.PROPOSED else None,
        **dict.fromkeys(demo.access, True),
        **demo.welcome,
    )


def seed_demo():
    now = timezone.localtime(timezone.now(), PARIS)
    communes = Commune.objects.select_related("intercommunalite").in_bulk(
        {demo.insee for demo in EVENTS}, field_name="insee"
    )
    themes = Theme.objects.in_bulk(field_name="slug")
    proposer = User.objects.filter(username="martine").first()
    created = 0
    for demo in EVENTS:
        existing = Event.objects.filter(title=demo.title, commune__insee=demo.insee).first()
        if existing:
            event_sync_occurrences(existing)
            continue
        event = _build(demo, now, communes, proposer)
        event_save(event=event, themes=[themes[slug] for slug in demo.themes], geocode=False)
        created += 1
    joined = _seed_participations()
    _seed_proxy_registration()
    _seed_accompaniment()
    _seed_waiting_list()
    return (
        f"{created} événement(s) ajouté(s), {len(EVENTS) - created} déjà présent(s), "
        f"{joined} participation(s) ajoutée(s)."
    )
