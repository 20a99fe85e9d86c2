"""One-click unsubscribe links for every e-mail a member may receive.

The link carries a signed token (django.core.signing) naming the member and the kind of e-mail:
no sign-in needed, nothing to guess. It does not expire: an old e-mail's link still works.
Other apps' e-mails (forum replies, event reminders) put `unsubscribe_url(user, kind)` at the
bottom of their body.
"""

from django.core import signing
from django.urls import reverse

from tousvoisins.site import absolute_url

SALT = "profiles.unsubscribe"

# kind in the token -> (Profile field, what the e-mail is, in words)
KINDS = {
    "lettre": ("weekly_digest", "l'e-mail de la semaine avec les nouvelles rencontres"),
    "messages": ("message_notifications", "les e-mails qui signalent vos nouveaux messages"),
    "forum": ("reply_notifications", "les e-mails qui signalent les réponses sur le forum"),
    "rappels": ("event_reminders", "les rappels la veille des rencontres où vous participez"),
}


def make_token(user, kind):
    if kind not in KINDS:
        raise ValueError(kind)
    return signing.dumps([user.pk, kind], salt=SALT, compress=False)


def read_token(token):
    """(user id, kind), or None for a token that was not made here."""
    try:
        user_id, kind = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if kind not in KINDS or not isinstance(user_id, int):
        return None
    return user_id, kind


def unsubscribe_url(user, kind):
    path = reverse("profiles:unsubscribe", kwargs={"token": make_token(user, kind)})
    return absolute_url(path)


def footer(user, kind):
    """The last lines of an e-mail: why the member gets it and how to stop it in one click."""
    my_profile = absolute_url(reverse("profiles:my-profile"))
    return (
        f"\n-- \nVous recevez cet e-mail selon les choix de votre profil : {my_profile}\n"
        f"Pour ne plus recevoir {KINDS[kind][1]}, un clic suffit : {unsubscribe_url(user, kind)}\n"
    )
