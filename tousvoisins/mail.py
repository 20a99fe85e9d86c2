"""E-mails leave through the task queue, once the transaction that caused them is committed."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task


@task
def send_email(*, subject, body, to, reply_to=None):
    EmailMessage(
        subject=f"[Tous voisins 44] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or [],
    ).send()


def send_email_on_commit(*, subject, body, to, reply_to=None):
    """Queue an e-mail; nothing is sent if the surrounding transaction rolls back."""
    transaction.on_commit(
        lambda: send_email.enqueue(subject=subject, body=body, to=list(to), reply_to=list(reply_to or []))
    )
