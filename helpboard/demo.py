"""A few coups de pouce for the demo, work first, by the demo members (profiles/demo.py): one
answered (Léa and Karim talk in the messages), one done with a public thank-you. Idempotent: a coup
de pouce is found again by its author and text. Everything here is made up."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from profiles.models import Tag
from profiles.services import CannotWrite, message_send
from tousvoisins.models import Commune, Intercommunalite, Theme

from .models import Answer, Help
from .services import help_answer

# author, kind, thème, text, words, commune INSEE (or None), SIREN (when no commune), days left
HELPS = [
    (
        "karim-demo",
        Help.Kind.ASK,
        "emploi",
        "Je cherche quelqu'un pour relire mon CV avant un entretien dans la logistique. "
        "Un café à Rezé ou à Nantes, quand vous voulez.",
        ["écrire un CV", "entretien d'embauche"],
        "44143",
        None,
        30,
    ),
    (
        "yvonne-demo",
        Help.Kind.OFFER,
        "emploi",
        "J'ai recruté pendant vingt ans. Je propose de vous aider à préparer un entretien d'embauche : "
        "on s'entraîne ensemble, sans stress.",
        ["entretien d'embauche"],
        None,
        "244400404",
        60,
    ),
    (
        "thomas-demo",
        Help.Kind.OFFER,
        "emploi",
        "Je suis boulanger. Je propose de vous faire découvrir le métier une demi-journée, un samedi matin.",
        ["découvrir un métier"],
        "44184",
        None,
        45,
    ),
    (
        "fatou-demo",
        Help.Kind.ASK,
        "solidarite",
        "Je cherche quelqu'un de patient pour m'aider à remplir un dossier en ligne (la CAF).",
        ["démarches en ligne"],
        "44109",
        None,
        20,
    ),
    (
        "hamid-demo",
        Help.Kind.ASK,
        "solidarite",
        "Je cherche quelqu'un pour apprendre le français, une heure par semaine, pour parler avec "
        "mes voisins.",
        ["français pour débutants"],
        "44212",
        None,
        75,
    ),
]
ANSWER = (
    "lea-demo",
    "karim-demo",
    "Bonjour Karim, j'ai fait des CV pour mes stages : je peux relire le vôtre mardi à la médiathèque.",
    "Merci Léa ! Mardi 17 h, c'est parfait pour moi.",
)
DONE = (
    "martine",
    Help.Kind.ASK,
    "solidarite",
    "Je cherchais quelqu'un pour m'aider à installer l'application de mon médecin sur mon téléphone.",
    ["téléphone portable"],
    "44143",
    "Merci à Karim, tout marche maintenant !",
)


def seed_demo():
    users = {user.username: user for user in User.objects.filter(username__contains="-demo")}
    users.update({user.username: user for user in User.objects.filter(username="martine")})
    if "karim-demo" not in users:
        return "pas de membres de démonstration : rien à publier"
    created = 0
    today = timezone.localdate()
    for username, kind, theme, text, words, insee, siren, days in HELPS:
        _, is_new = _help(
            users[username], kind, theme, text, words, insee, siren, today + timedelta(days=days)
        )
        created += is_new
    _answer(users)
    username, kind, theme, text, words, insee, thanks = DONE
    done, is_new = _help(users[username], kind, theme, text, words, insee, None, today + timedelta(days=10))
    created += is_new
    if not done.is_done:
        done.status, done.thanks, done.done_at = Help.Status.DONE, thanks, timezone.now()
        done.save(update_fields=["status", "thanks", "done_at", "updated"])
    return f"{created} nouveaux coups de pouce ({Help.objects.count()} en tout)"


def _help(author, kind, theme, text, words, insee, siren, until):
    existing = Help.objects.filter(author=author, text=text).first()
    if existing is not None:
        return existing, False
    commune = Commune.objects.only("pk", "intercommunalite_id").get(insee=insee) if insee else None
    help = Help.objects.create(
        author=author,
        kind=kind,
        theme=Theme.objects.get(slug=theme),
        text=text,
        commune=commune,
        intercommunalite_id=commune.intercommunalite_id
        if commune
        else Intercommunalite.objects.get(siren=siren).pk,
        until=until,
    )
    help.tags.set(Tag.objects.for_labels(words))
    return help, True


def _answer(users):
    responder, author, question, reply = ANSWER
    help = Help.objects.filter(author=users[author], kind=Help.Kind.ASK, theme__slug="emploi").first()
    if help is None or Answer.objects.filter(help=help, responder=users[responder]).exists():
        return
    now = timezone.now()
    try:
        help_answer(help=help, responder=users[responder], body=question, now=now)
        message_send(
            sender=users[author], recipient=users[responder], body=reply, now=now + timedelta(minutes=5)
        )
    except CannotWrite:
        pass  # a demo member who takes no messages (changed by hand): the rest of the demo stays
