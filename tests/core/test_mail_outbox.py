"""The task queue carries e-mail ids, never their text (tousvoisins.mail): each e-mail waits in an
OutgoingEmail row, written in the transaction that caused it, deleted once it has left. The
queue's results, kept a week, hold nothing personal, even when the mail server refuses."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core import mail
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import make_user
from tests.core.test_mail_retry import database_queue, mail_server_down, run_ready_tasks  # noqa: F401
from tousvoisins.mail import send_templated_email
from tousvoisins.models import OutgoingEmail, UnsentEmail

pytestmark = pytest.mark.django_db

SEND_EMAIL = "tousvoisins.mail.send_email"


def _queue_reminder(user, **kwargs):
    send_templated_email(
        "profiles/emails/new_messages",
        {
            "name": "Jeanne Lemoine",
            "count": 1,
            "senders": [("Paul Rivière", 1)],
            "url": "https://exemple.fr/",
        },
        to=[user.email],
        subject="1 nouveau message de Paul Rivière",
        unsubscribe=(user, "messages"),
        **kwargs,
    )


def test_the_task_carries_the_id_and_the_outbox_the_text_until_it_leaves(
    database_queue,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    jeanne, paul = make_user("jeanne"), make_user("paul")

    with django_capture_on_commit_callbacks(execute=True):
        _queue_reminder(jeanne, about=[paul])

    email = OutgoingEmail.objects.get()
    assert email.to == [jeanne.email]
    assert email.member_ids == [paul.pk]
    assert "Paul Rivière" in email.body
    (result,) = DBTaskResult.objects.filter(task_path=SEND_EMAIL)
    assert result.args_kwargs == {"args": [], "kwargs": {"email_id": email.pk}}

    assert run_ready_tasks() == 1

    (sent,) = mail.outbox
    assert sent.subject == "[Tous voisins 44] 1 nouveau message de Paul Rivière"
    assert "Paul Rivière" in sent.body
    # One-click unsubscribe survives the trip through the outbox.
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sent.extra_headers["List-Unsubscribe"].startswith("<http")
    assert not OutgoingEmail.objects.exists()
    result.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert "Rivière" not in str(result.args_kwargs) + str(result.return_value)


def test_an_email_rolled_back_with_its_cause_is_neither_kept_nor_sent(database_queue):  # noqa: F811
    from django.db import transaction

    jeanne = make_user("jeanne")
    with pytest.raises(RuntimeError), transaction.atomic():
        _queue_reminder(jeanne)
        raise RuntimeError

    assert not OutgoingEmail.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_refused_attempt_says_nothing_personal_in_its_task_result(
    database_queue,  # noqa: F811
    mail_server_down,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    jeanne = make_user("jeanne")
    with django_capture_on_commit_callbacks(execute=True):
        _queue_reminder(jeanne)

    run_ready_tasks()

    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert failed.exception_class_path == "tousvoisins.mail.EmailNotSent"
    everything = f"{failed.args_kwargs} {failed.traceback} {failed.return_value}"
    assert jeanne.email not in everything
    assert "Rivière" not in everything
    assert "ConnectionRefusedError" in failed.traceback
    # The e-mail waits for its next attempt in the outbox.
    assert OutgoingEmail.objects.get().to == [jeanne.email]


def test_an_email_whose_row_was_erased_is_not_sent(database_queue, django_capture_on_commit_callbacks):  # noqa: F811
    jeanne = make_user("jeanne")
    with django_capture_on_commit_callbacks(execute=True):
        _queue_reminder(jeanne)
    OutgoingEmail.objects.all().delete()  # her account closed meanwhile

    run_ready_tasks()

    assert mail.outbox == []
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_an_email_given_up_is_kept_with_the_members_it_names(mail_server_down):  # noqa: F811
    jeanne, paul = make_user("jeanne"), make_user("paul")

    _queue_reminder(jeanne, about=[paul], on_commit=False)  # the tests' backend runs tasks at once

    unsent = UnsentEmail.objects.get()
    assert unsent.member_ids == [paul.pk]
    assert unsent.message["to"] == [jeanne.email]
    assert not OutgoingEmail.objects.exists()


def test_the_migration_moves_queued_emails_to_the_outbox_and_empties_the_old_results():
    migration = import_module("tousvoisins.migrations.0006_outbox")

    def result(status, **kwargs):
        return DBTaskResult.objects.create(
            task_path=SEND_EMAIL,
            args_kwargs={"args": [], "kwargs": kwargs},
            backend_name="default",
            run_after=timezone.now(),
            status=status,
            traceback="ValueError: Header values may not contain linefeed (Jean\\nDupont)",
        )

    waiting = result(
        TaskResultStatus.READY, subject="Bonjour", body="Texte", to=["jean@exemple.fr"], attempt=2
    )
    sent = result(TaskResultStatus.SUCCESSFUL, subject="Bonjour", body="Texte", to=["jean@exemple.fr"])

    migration.move_queued_emails_to_the_outbox(apps, None)

    email = OutgoingEmail.objects.get()
    assert (email.subject, email.body, email.to) == ("Bonjour", "Texte", ["jean@exemple.fr"])
    waiting.refresh_from_db()
    assert waiting.args_kwargs == {"args": [], "kwargs": {"email_id": email.pk, "attempt": 2}}
    sent.refresh_from_db()
    assert sent.args_kwargs == {"args": [], "kwargs": {}}
    assert sent.traceback == ""
