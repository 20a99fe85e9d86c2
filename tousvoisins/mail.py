"""E-mails leave through the task queue, once the transaction that caused them is committed."""

import os

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends import filebased
from django.db import transaction
from django.tasks import task
from django.utils import timezone


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
