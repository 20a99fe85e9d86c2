"""Every e-mail of the site: a text + HTML template pair, sent by send_templated_email through the
task queue once the transaction that caused it is committed.

templates/<app>/emails/<name>.txt and .html extend templates/emails/base.txt and base.html, which
hold the footer. The notifications a member can turn off (weekly digest, reminders, forum replies,
new messages) name their kind: the helper adds the footer with a one-click unsubscribe link and the
List-Unsubscribe headers (RFC 8058), which mail programs show as their own "unsubscribe" button.
Transactional e-mails (a proposal reviewed, a message to a referent, the contact form) have none.
allauth's account e-mails keep allauth's templates and reach the same queue (accounts.adapters).
"""

import logging
import os
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends import filebased
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import UnsentEmail
from .site import absolute_url, site_root

SUBJECT_PREFIX = "[Tous voisins 44] "

logger = logging.getLogger(__name__)

# A mail server down, a network cut: an e-mail that fails is tried again later, each time after a
# longer wait (1 minute, 5 minutes, 30 minutes, 2 hours). After the last attempt it is kept as an
# UnsentEmail that the moderators see in the admin: never silently lost.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1

# Unsubscribe links --------------------------------------------------------------------------------
# The link carries a signed token naming the member and the kind of e-mail: no sign-in needed,
# nothing to guess. It does not expire: an old e-mail's link still works (hence the old salt).
# profiles.unsubscribe maps each kind to the profile field the link turns off.

UNSUBSCRIBE_SALT = "profiles.unsubscribe"
UNSUBSCRIBE_KINDS = {
    "lettre": "l'e-mail de la semaine avec les nouvelles rencontres",
    "messages": "les e-mails qui signalent vos nouveaux messages",
    "forum": "les e-mails qui signalent les réponses sur le forum",
    "rappels": "les rappels la veille des rencontres où vous participez",
    "communautes": "les messages des hôtes de vos communautés",
}


def unsubscribe_token(user, kind):
    if kind not in UNSUBSCRIBE_KINDS:
        raise ValueError(kind)
    return signing.dumps([user.pk, kind], salt=UNSUBSCRIBE_SALT, compress=False)


def read_unsubscribe_token(token):
    """(user id, kind), or None for a token that was not made here."""
    try:
        user_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if kind not in UNSUBSCRIBE_KINDS or not isinstance(user_id, int):
        return None
    return user_id, kind


def unsubscribe_url(user, kind):
    return absolute_url(reverse("profiles:unsubscribe", kwargs={"token": unsubscribe_token(user, kind)}))


# Sending ------------------------------------------------------------------------------------------


@task
def send_email(*, subject, body, to, reply_to=None, html=None, headers=None, attempt=1):
    content = {
        "subject": subject,
        "body": body,
        "to": to,
        "reply_to": reply_to,
        "html": html,
        "headers": headers,
    }
    try:
        message = EmailMultiAlternatives(
            subject=f"{SUBJECT_PREFIX}{subject}",
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=to,
            reply_to=reply_to or [],
            headers=headers or {},
        )
        if html:
            message.attach_alternative(html, "text/html")
        message.send()
    except Exception as error:
        email_failed(content, attempt=attempt, error=error)
        raise  # this attempt's task result says FAILED, with the error


def email_failed(content, *, attempt, error):
    """Try `content` again later, or, after the last attempt, keep it for the moderators."""
    logger.warning("E-mail not sent (attempt %s of %s): %r", attempt, MAX_ATTEMPTS, error)
    if attempt < MAX_ATTEMPTS:
        retry = send_email
        if send_email.get_backend().supports_defer:
            retry = send_email.using(run_after=timezone.now() + RETRY_DELAYS[attempt - 1])
        retry.enqueue(**content, attempt=attempt + 1)
        return
    UnsentEmail.objects.create(
        subject=content["subject"][:300],
        addresses=[*content["to"], *(content["reply_to"] or [])],
        error=f"{type(error).__name__} : {error}"[:2000],
        attempts=attempt,
        message=content,
    )


def send_email_on_commit(*, subject, body, to, reply_to=None, html=None, headers=None):
    """Queue a rendered e-mail; nothing is sent if the surrounding transaction rolls back.

    The site's own e-mails go through send_templated_email; only allauth's adapter calls this.
    """
    message = {
        "subject": subject,
        "body": body,
        "to": list(to),
        "reply_to": list(reply_to or []),
        "html": html,
        "headers": headers or {},
    }
    transaction.on_commit(lambda: send_email.enqueue(**message))


def send_templated_email(template, context, *, to, subject, reply_to=None, unsubscribe=None, on_commit=True):
    """Render `template`.txt and .html (e.g. "forum/emails/replies") and send them to `to`.

    `unsubscribe`: (member, kind of UNSUBSCRIBE_KINDS) for a notification the member can turn
    off; it adds the footer and the List-Unsubscribe headers. Nobody to write to: nothing sent.
    """
    to = list(to)
    if not to:
        return
    context = {**context, "subject": subject, "site_url": site_root()}
    headers = {}
    if unsubscribe is not None:
        user, kind = unsubscribe
        url = unsubscribe_url(user, kind)
        context["unsubscribe"] = {
            "url": url,
            "words": UNSUBSCRIBE_KINDS[kind],
            "profile_url": absolute_url(reverse("profiles:my-profile")),
        }
        headers = {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    message = {
        "subject": subject,
        "body": render_to_string(f"{template}.txt", context),
        "html": render_to_string(f"{template}.html", context),
        "to": to,
        "reply_to": list(reply_to or []),
        "headers": headers,
    }
    if on_commit:
        send_email_on_commit(**message)
    else:
        send_email.enqueue(**message)


class FolderEmailBackend(filebased.EmailBackend):
    """Development: each e-mail written to a file of a folder (OPTIONS file_path) as a person reads
    it, French letters and long links whole, where Django's own file backend writes the encoded
    MIME text (quoted-printable cuts a confirmation link in pieces)."""

    def write_message(self, message):
        headers = {
            "Date": timezone.localtime().strftime("%d/%m/%Y %H:%M:%S"),
            "De": message.from_email,
            "À": ", ".join(message.to),
            "Copie": ", ".join(message.cc),
            "Répondre à": ", ".join(message.reply_to),
            "Objet": message.subject,
        }
        lines = [f"{name} : {value}" for name, value in headers.items() if value]
        self.stream.write(("\n".join(lines) + "\n\n" + message.body.rstrip("\n") + "\n").encode())
        self.stream.write(b"-" * 79 + b"\n")

    def _get_filename(self):
        # Sorted by time, so that the last file is the last e-mail; .txt opens in any editor.
        if self._fname is None:
            timestamp = timezone.localtime().strftime("%Y%m%d-%H%M%S-%f")
            self._fname = os.path.join(self.file_path, f"{timestamp}-{abs(id(self))}.txt")
        return self._fname
