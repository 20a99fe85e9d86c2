"""Demo communities around the demo's recurring rencontres, with members (one person without an
account, registered by Claire, the referent of Nantes Métropole), a welcome message, a message of
the hosts and a discussion. Idempotent: a community is found again by its name and left as it is."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from events.models import Event
from forum.models import Post, Topic
from forum.services import topic_refresh
from tousvoisins.models import Commune, Theme

from . import services
from .models import Community, GuestMember, HostMessage, Membership

COMMUNITIES = [
    {
        "name": "Le café-emploi du mardi à Nantes",
        "theme": "emploi",
        "insee": "44109",
        "event": "Café-emploi : on cherche ensemble",
        "description": "Chaque mardi, on se retrouve pour chercher du travail à plusieurs : relire un CV, "
        "préparer un entretien, se donner des nouvelles entre deux cafés.",
        "welcome": "Bienvenue ! On se retrouve le mardi à 14 h à la maison de quartier de la Halvêque. "
        "Demandez Martine, au fond de la salle.",
        "hosts": ["martine", "sophie-emploi"],
        "members": ["martine", "karim-demo", "lea-demo", "fatou-demo", "mehdi-demo"],
        "guest": ("Jeannine", "0240000017", "Préfère qu'on l'appelle le lundi soir."),
        "message": (
            "Pas de café-emploi dans quatre semaines",
            "Bonjour à tous,\n\nLa maison de quartier est fermée ce jour-là. On se retrouve la semaine "
            "suivante, à la même heure.\n\nMartine",
        ),
        "topic": (
            "Qui veut répéter un entretien d'embauche ?",
            "karim-demo",
            "Bonjour, j'ai un entretien chez un transporteur la semaine prochaine. Quelqu'un veut bien "
            "jouer le recruteur mardi ?",
            [
                ("martine", "Avec plaisir Karim ! Apporte l'annonce, on la lira ensemble."),
                ("lea-demo", "Je viens aussi, ça m'entraînera pour le mien."),
            ],
        ),
    },
    {
        "name": "Les réparateurs du Sud-Loire",
        "theme": "solidarite",
        "insee": None,  # the event's commune
        "event": "Repair café : on répare au lieu de jeter",
        "description": "Le premier samedi du mois, on répare ensemble grille-pains, lampes et vêtements. "
        "Entre deux dates, on s'échange les bonnes adresses de pièces détachées.",
        "welcome": "Bienvenue parmi les réparateurs ! Apportez ce qui est cassé, et votre bonne humeur.",
        "hosts": ["claire-nantes"],
        "members": ["bernard-demo", "thomas-demo", "yvonne-demo"],
        "guest": None,
        "message": None,
        "topic": (
            "Où trouver des pièces pour un vieux grille-pain ?",
            "thomas-demo",
            "Mon grille-pain des années 80 a besoin d'une résistance. Une idée ?",
            [("bernard-demo", "Essaie la ressourcerie : ils gardent des appareils pour les pièces.")],
        ),
    },
    {
        "name": "La marche douce de Saint-Herblain",
        "theme": "sante-bien-etre",
        "insee": None,
        "event": "Marche douce du lundi et du jeudi",
        "description": "On marche une heure et demie, à l'allure de chacun, le lundi et le jeudi matin. "
        "Personne n'est laissé derrière.",
        "welcome": "",
        "hosts": [],
        "members": ["yvonne-demo", "odile-demo"],
        "guest": None,
        "message": None,
        "topic": None,
    },
]


def seed_demo():
    created = 0
    for data in COMMUNITIES:
        if Community.objects.filter(name=data["name"]).exists():
            continue
        event = Event.objects.filter(title=data["event"]).select_related("commune").first()
        if event is None:
            continue
        community = _create(data, event)
        _people(community, data)
        _talk(community, data)
        created += 1
    total = Community.objects.count()
    return f"{total} communautés ({created} nouvelles), avec leurs membres et leur discussion"


def _create(data, event):
    commune = Commune.objects.get(insee=data["insee"]) if data["insee"] else event.commune
    referent = User.objects.filter(username="claire-nantes").first()
    return services.community_create(
        name=data["name"],
        theme=Theme.objects.get(slug=data["theme"]),
        description=data["description"],
        welcome_message=data["welcome"],
        commune=commune,
        hosts=list(User.objects.filter(username__in=data["hosts"])),
        events=[event],
        by=referent,
    )


def _people(community, data):
    for user in User.objects.filter(username__in=data["members"]):
        Membership.objects.get_or_create(community=community, user=user)
    if data["guest"]:
        first_name, phone, notes = data["guest"]
        GuestMember.objects.create(
            community=community,
            first_name=first_name,
            phone=phone,
            notes=notes,
            added_by=User.objects.filter(username="claire-nantes").first(),
        )


def _talk(community, data):
    names = [*data["members"], *data["hosts"]]
    users = {user.username: user for user in User.objects.filter(username__in=names)}
    if data["message"]:
        subject, body = data["message"]
        HostMessage.objects.create(
            community=community,
            author=users.get(data["hosts"][0]),
            subject=subject,
            body=body,
            recipient_count=len(data["members"]),
        )
    if data["topic"]:
        title, author, body, replies = data["topic"]
        start = timezone.now() - timedelta(days=3)
        topic = Topic.objects.create(
            category=community.category,
            title=title,
            author=users.get(author),
            created=start,
            last_post_at=start,
        )
        Post.objects.create(topic=topic, author=users.get(author), body=body, created=start)
        for hours, (username, text) in enumerate(replies, start=2):
            Post.objects.create(
                topic=topic, author=users.get(username), body=text, created=start + timedelta(hours=hours)
            )
        topic_refresh(topic)
