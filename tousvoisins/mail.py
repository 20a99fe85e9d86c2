"""Every e-mail of the site: a text + HTML template pair, sent by send_templated_email through the
task queue once the transaction that caused it is committed.

templates/<app>/emails/<name>.txt and .html extend templates/emails/base.txt and base.html, which
hold the footer. The notifications a member can turn off (weekly digest, reminders, forum replies,
new messages) name their kind: the helper adds the footer with a one-click unsubscribe link and the
List-Unsubscribe headers (RFC 8058), which mail programs show as their own "unsubscribe" button.
Transactional e-mails (a proposal reviewed, a message to a referent, the contact form) have none.
allauth's account e-mails keep allauth's templates and reach the same queue (accounts.adapters).

Each e-mail is written in its reader's language: send_templated_email renders the subject and the
templates under the language a member chose (User.language), French for an address that belongs
to no member. So pass the subject not yet translated: a lazy string (`gettext_lazy("…")`) or,
with placeholders, `translated(gettext_lazy("Annulé : %(title)s"), title=event.title)` (or a function
that returns it): `gettext_lazy(…) % {…}` would be translated at once, in the language of the page.
The same for the words made in Python that the templates show (a date in words, "puis …"):
`translated(…)` or `later(function, *args)` are written when the e-mail is, in its reader's language.
"""

import logging
import os
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends import filebased
from django.db import transaction
from django.db.models.functions import Lower
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from .models import OutgoingEmail, UnsentEmail
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
    "lettre": _("l'e-mail de la semaine avec les nouvelles rencontres"),
    "messages": _("les e-mails qui signalent vos nouveaux messages"),
    "forum": _("les e-mails qui signalent les réponses sur le forum"),
    "rappels": _("les rappels la veille des rencontres où vous participez"),
    "communautes": _("les messages des hôtes de vos communautés"),
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


# Words translated for the reader ----------------------------------------------------------------
# A text made where the e-mail is decided (a view, a service) but translated only when the e-mail is
# written, under its reader's language (send_templated_email): never in the sender's language.


def _fill(text, params):
    text = str(text)
    if not params:
        return text
    return text % {
        name: str(value) if isinstance(value, Promise) else value for name, value in params.items()
    }


_lazy_fill = lazy(_fill, str)


def translated(text, /, **params):
    """`text` (a gettext_lazy, ngettext_lazy(…, count) or pgettext_lazy string) with its
    placeholders filled, translated only when read: `translated(gettext_lazy("Demain : %(title)s"),
    title=event.title)`. A placeholder may itself be lazy (translated() or later())."""
    return _lazy_fill(text, params)


def later(function, /, *args, **kwargs):
    """The text `function(*args, **kwargs)` returns (a date in words…), made only when read."""
    return lazy(function, str)(*args, **kwargs)


# Sending ------------------------------------------------------------------------------------------
# An e-mail is rendered when it is queued and written to an OutgoingEmail row in the same
# transaction as its cause; the task carries only that row's id (and the attempt's number), never
# a text or an address: the queue's results, kept a week, say nothing about anyone. The row goes
# once the e-mail has left, and closing an account deletes the rows to, from or about the member
# that are still waiting (tousvoisins.personal_data).


class EmailNotSent(Exception):
    """What a failed attempt's task result says: the e-mail's id and the kind of error, no text."""


@task
def send_email(*, email_id, attempt=1):
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is None:
        return  # already sent, or erased with an account closed meanwhile
    try:
        message = EmailMultiAlternatives(
            subject=f"{SUBJECT_PREFIX}{email.subject}",
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=email.to,
            reply_to=email.reply_to,
            headers=email.headers,
        )
        if email.html:
            message.attach_alternative(email.html, "text/html")
        message.send()
    except Exception as error:
        email_failed(email, attempt=attempt, error=error)
        # This attempt's task result says FAILED, with nothing personal in it.
        raise EmailNotSent(f"e-mail {email_id}, tentative {attempt} : {type(error).__name__}") from None
    email.delete()


def email_failed(email, *, attempt, error):
    """Try `email` again later, or, after the last attempt, keep it for the moderators."""
    logger.warning(
        "E-mail %s not sent (attempt %s of %s): %s", email.pk, attempt, MAX_ATTEMPTS, type(error).__name__
    )
    if attempt < MAX_ATTEMPTS:
        retry = send_email
        if send_email.get_backend().supports_defer:
            retry = send_email.using(run_after=timezone.now() + RETRY_DELAYS[attempt - 1])
        retry.enqueue(email_id=email.pk, attempt=attempt + 1)
        return
    UnsentEmail.objects.create(
        subject=email.subject[:300],
        addresses=[*email.to, *email.reply_to],
        error=f"{type(error).__name__} : {error}"[:2000],
        attempts=attempt,
        message=email.content,
        member_ids=email.member_ids,
    )
    email.delete()


def queue_email(*, subject, body, to, reply_to=(), html=None, headers=None, about=(), on_commit=True):
    """Write a rendered e-mail to the outbox and queue its sending, once the surrounding
    transaction commits (nothing is sent if it rolls back) unless `on_commit` is False.

    `about`: the members the e-mail names other than by its addresses (users or their ids).
    The site's own e-mails go through send_templated_email; allauth's adapter and the admin's
    "send again" call this.
    """
    email = OutgoingEmail.objects.create(
        subject=subject,
        body=body,
        html=html or "",
        to=list(to),
        reply_to=list(reply_to or []),
        headers=headers or {},
        member_ids=sorted({getattr(member, "pk", member) for member in about if member is not None}),
    )
    if on_commit:
        transaction.on_commit(partial(send_email.enqueue, email_id=email.pk))
    else:
        send_email.enqueue(email_id=email.pk)
    return email


def send_email_on_commit(*, subject, body, to, reply_to=None, html=None, headers=None):
    """Queue a rendered e-mail (allauth's, through accounts.adapters) on commit."""
    queue_email(subject=subject, body=body, to=to, reply_to=reply_to, html=html, headers=headers)


def send_unsent_again(unsent):
    """The moderators' "send again" of an UnsentEmail: a new attempt, from the first."""
    content = unsent.message
    return queue_email(
        subject=content["subject"],
        body=content["body"],
        html=content.get("html"),
        to=content["to"],
        reply_to=content.get("reply_to"),
        headers=content.get("headers"),
        about=unsent.member_ids,
    )


def page_language():
    """The language of the page being answered (tousvoisins.languages), French outside a request."""
    code = translation.get_language()
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def recipients_language(to, *, member=None, otherwise=None):
    """The language to write to `to` in: the member's (User.language), or the one every
    addressee's account shares; French when they differ, and when an address belongs to no
    member (or `otherwise`, e.g. the language of the page a visitor without account used)."""
    if member is not None and getattr(member, "language", ""):
        return member.language
    from django.contrib.auth import get_user_model

    addresses = {address.lower() for address in to}
    found = dict(
        get_user_model()
        .objects.annotate(address=Lower("email"))
        .filter(address__in=addresses)
        .values_list("address", "language")
    )
    languages = {found.get(address, otherwise or settings.LANGUAGE_CODE) for address in addresses}
    return languages.pop() if len(languages) == 1 else settings.LANGUAGE_CODE


def send_templated_email(
    template,
    context,
    *,
    to,
    subject,
    reply_to=None,
    unsubscribe=None,
    about=(),
    on_commit=True,
    language=None,
):
    """Render `template`.txt and .html (e.g. "forum/emails/replies") and send them to `to`, in
    the reader's language (`language`, else recipients_language).

    `subject`: a lazy string or a function that returns it, so that it is translated for the
    reader. `unsubscribe`: (member, kind of UNSUBSCRIBE_KINDS) for a notification the member can
    turn off; it adds the footer and the List-Unsubscribe headers. `about`: the members the
    e-mail names to someone else (see queue_email). Nobody to write to: nothing sent.
    """
    to = list(to)
    if not to:
        return
    member = unsubscribe[0] if unsubscribe is not None else None
    language = language or recipients_language(to, member=member)
    with translation.override(language):
        subject = str(subject() if callable(subject) else subject)
        _send_rendered(
            template,
            context,
            to=to,
            subject=subject,
            reply_to=reply_to,
            unsubscribe=unsubscribe,
            about=about,
            on_commit=on_commit,
        )


def _send_rendered(template, context, *, to, subject, reply_to, unsubscribe, about, on_commit):
    context = {**context, "subject": subject, "site_url": site_root()}
    headers = {}
    if unsubscribe is not None:
        user, kind = unsubscribe
        url = unsubscribe_url(user, kind)
        context["unsubscribe"] = {
            "url": url,
            "words": str(UNSUBSCRIBE_KINDS[kind]),
            "profile_url": absolute_url(reverse("profiles:my-profile")),
        }
        headers = {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    queue_email(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        html=render_to_string(f"{template}.html", context),
        to=to,
        reply_to=reply_to,
        headers=headers,
        about=about,
        on_commit=on_commit,
    )


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
