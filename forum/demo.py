"""A living forum for the demo: a few topics in each category, with replies by the demo members
(profiles/demo.py, accounts/demo.py), and the pinned "mode d'emploi". Idempotent: a topic is
found again by its category and title. Everything here is made up."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import Category, Post, Subscription, Topic
from .services import topic_refresh

WELCOME_TITLE = "Bienvenue sur le forum : mode d'emploi"
WELCOME = """Bonjour et bienvenue !

Le forum sert à **poser des questions**, **partager des bonnes idées** et **s'entraider** entre voisins.

- Choisissez la catégorie qui correspond à votre sujet.
- Restez poli et bienveillant : la charte du site s'applique ici.
- N'écrivez jamais votre adresse ni votre numéro de téléphone.
- Un message vous gêne ? Cliquez sur « Signaler » : la modération le lit.

Bonne discussion !"""

# category slug -> [(title, author, opening post, [(author, reply), ...])]
TOPICS = {
    "trucs-et-astuces": [
        (
            "Économiser sur le chauffage cet hiver",
            "bernard-demo",
            "Mes astuces : un boudin de porte, les rideaux fermés le soir, 19 degrés dans le salon.",
            [
                ("martine", "Merci Bernard ! Moi je purge les radiateurs chaque automne."),
                ("fatou-demo", "Et une bouillotte le soir, c'est tout bête mais ça marche."),
            ],
        ),
        (
            "Faire ses démarches en ligne sans stress",
            "yvonne-demo",
            "Je me perds sur les sites des administrations. Vous avez des conseils ?",
            [
                ("lea-demo", "Les **France services** aident gratuitement, sur rendez-vous ou sans."),
                ("yvonne-demo", "> Les France services aident gratuitement\n\nJe ne savais pas, merci Léa !"),
            ],
        ),
    ],
    "mobilite": [
        (
            "Covoiturage Blain – Nantes le matin",
            "karim-demo",
            "Je cherche un covoiturage vers Nantes, départ de Blain vers 7 h 30, du lundi au vendredi.",
            [
                ("thomas-demo", "Essayez la plateforme de covoiturage du Département, elle est gratuite."),
                ("martine", "Ma voisine fait le trajet, je lui en parle."),
            ],
        ),
        (
            "Réparer son vélo soi-même",
            "thomas-demo",
            "Je tiens un atelier vélo le samedi matin à Saint-Nazaire. Venez avec votre vélo !",
            [("lea-demo", "Super idée, je viendrai pour mes freins.")],
        ),
    ],
    "emploi": [
        (
            "Préparer un entretien d'embauche",
            "karim-demo",
            "J'ai un entretien la semaine prochaine. Comment vous vous préparez ?",
            [
                ("yvonne-demo", "Entraînez-vous à vous présenter en deux minutes, à voix haute."),
                ("fatou-demo", "Et préparez une ou deux questions à poser à la fin."),
                ("karim-demo", "Merci à vous deux, je m'entraîne ce soir."),
            ],
        ),
        (
            "Un atelier CV près de chez moi ?",
            "nadege-demo",
            "Je viens d'arriver à Pornic. Où faire relire mon CV ?",
            [("lea-demo", "Regardez l'agenda du site, thème Emploi : il y a souvent des ateliers.")],
        ),
    ],
    "logement": [
        (
            "Aides pour isoler sa maison",
            "bernard-demo",
            "Quelqu'un a déjà demandé une aide pour isoler ses combles ?",
            [("martine", "Oui, un conseiller France Rénov' m'a aidée, c'est gratuit.")],
        ),
        (
            "Colocation entre générations",
            "yvonne-demo",
            "J'ai une chambre libre et j'aimerais accueillir un étudiant. Comment faire ?",
            [
                ("lea-demo", "Des associations mettent en relation seniors et étudiants, c'est rassurant."),
                ("yvonne-demo", "Merci, je vais me renseigner."),
            ],
        ),
    ],
    "loisirs-culture-sport": [
        (
            "Fête des voisins : vos idées ?",
            "martine",
            "Cette année, je voudrais organiser la fête des voisins dans ma rue. Des idées ?",
            [
                ("fatou-demo", "Chacun apporte un plat de chez lui : on voyage sans bouger !"),
                ("bernard-demo", "Je peux prêter des tables et des bancs."),
                ("lea-demo", "Et des jeux de société pour les enfants."),
            ],
        ),
        (
            "Marche du dimanche autour du lac de Grand-Lieu",
            "nadege-demo",
            "Je marche le dimanche matin, environ 8 km, à mon rythme. Qui veut venir ?",
            [("thomas-demo", "Avec plaisir, je serai là dimanche.")],
        ),
    ],
    "sante-bien-etre": [
        (
            "Ne pas rester seul l'hiver",
            "yvonne-demo",
            "L'hiver, je vois peu de monde. Comment faites-vous pour garder le moral ?",
            [
                ("martine", "Je vais au café-rencontre de la médiathèque le jeudi."),
                ("fatou-demo", "Appelez-moi pour une promenade, on se donne rendez-vous ici."),
            ],
        ),
    ],
    "solidarite": [
        (
            "Qui peut prêter une perceuse ?",
            "fatou-demo",
            "J'ai deux étagères à fixer. Quelqu'un pourrait me prêter une perceuse à Nantes ?",
            [
                ("bernard-demo", "Je passe à Nantes mardi, je vous l'apporte."),
                ("fatou-demo", "Merci Bernard, c'est très gentil !"),
            ],
        ),
        (
            "Aide aux devoirs bénévole",
            "yvonne-demo",
            "Ancienne institutrice, je propose de l'aide aux devoirs le mercredi à Saint-Herblain.",
            [("karim-demo", "Mon fils serait ravi. Je vous écris en message privé.")],
        ),
    ],
}


def _users():
    names = {"moderation", "martine"} | {
        author
        for topics in TOPICS.values()
        for topic in topics
        for author in [topic[1], *(r[0] for r in topic[3])]
    }
    return {user.username: user for user in User.objects.filter(username__in=names).select_related("profile")}


def _make_topic(category, title, author, body, replies, *, start, users, pinned=False):
    topic = Topic.objects.filter(category=category, title=title).first()
    if topic is not None:
        return False
    topic = Topic.objects.create(
        category=category, title=title, author=author, created=start, last_post_at=start, pinned=pinned
    )
    Post.objects.create(topic=topic, author=author, body=body, created=start)
    for index, (username, text) in enumerate(replies, start=1):
        Post.objects.create(
            topic=topic, author=users.get(username), body=text, created=start + timedelta(hours=3 * index)
        )
    topic_refresh(topic)
    if author is not None:
        Subscription.objects.get_or_create(
            user=author, topic=topic, defaults={"notified_until": timezone.now()}
        )
    return True


@transaction.atomic
def seed_demo():
    users = _users()
    categories = {category.slug: category for category in Category.objects.all()}
    now = timezone.now()
    created = 0
    tips = categories.get("trucs-et-astuces")
    if tips is not None:
        created += _make_topic(
            tips,
            WELCOME_TITLE,
            users.get("moderation"),
            WELCOME,
            [],
            start=now - timedelta(days=30),
            users=users,
            pinned=True,
        )
    for slug, topics in TOPICS.items():
        category = categories.get(slug)
        if category is None:
            continue
        for position, (title, author, body, replies) in enumerate(topics):
            start = now - timedelta(days=2 + 3 * position + len(slug) % 5, hours=position)
            created += _make_topic(
                category, title, users.get(author), body, replies, start=start, users=users
            )
    return f"{Topic.objects.count()} sujets dans le forum ({created} nouveaux), dont le mode d'emploi épinglé"
