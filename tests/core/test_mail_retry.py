"""An e-mail the mail server refuses is tried again later, each time after a longer wait; after the
last attempt the moderators find it in the admin ("E-mails non partis") and on their admin home,
and may send it again. Never silently lost (tousvoisins.mail).

The tasks run on the database queue (django-tasks-db), by the worker's own code, one at a time;
the mail server is a real SMTP connection to a port where nothing listens."""

import socket
from datetime import timedelta

import pytest
import time_machine
from asgiref.local import Local
from django.core import mail
from django.tasks import task_backends
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tests.conftest import make_user
from tousvoisins.mail import MAX_ATTEMPTS, queue_email
from tousvoisins.models import UnsentEmail

pytestmark = pytest.mark.django_db

UNSENT = "/admin/tousvoisins/unsentemail/"
BUTTON = f"{UNSENT}?resent_at__isempty=1"


def _reset_task_backends():
    # Django reads TASKS once; these tests switch from the immediate backend to the database one.
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _reset_task_backends()
    yield
    _reset_task_backends()


@pytest.fixture
def mail_server_down(settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }


def run_ready_tasks():
    """What `manage.py db_worker` does with each task that is due, without its polling loop."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().first()) is not None:
        worker.run_task(result)
        ran += 1
    return ran


def waiting():
    return list(DBTaskResult.objects.filter(status="READY").order_by("enqueued_at"))


def _enqueue():
    queue_email(
        on_commit=False,
        subject="Un message pour vous, de Jeanne",
        body="Bonjour",
        to=["sophie@exemple.fr"],
        reply_to=["jeanne@exemple.org"],
    )


def test_a_refused_email_is_tried_again_after_longer_and_longer_waits_then_shown_to_moderators(
    database_queue, mail_server_down
):
    _enqueue()
    waits = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for attempt in range(1, MAX_ATTEMPTS):
            assert run_ready_tasks() == 1
            (retry,) = waiting()
            assert retry.args_kwargs["kwargs"]["attempt"] == attempt + 1
            waits.append(retry.run_after - timezone.now())
            assert not UnsentEmail.objects.exists()
            # Not before its time...
            assert run_ready_tasks() == 0
            clock.shift(retry.run_after - timezone.now())
        assert run_ready_tasks() == 1  # the last attempt

    assert waits == [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]
    assert waiting() == []
    assert DBTaskResult.objects.filter(status="FAILED").count() == MAX_ATTEMPTS
    unsent = UnsentEmail.objects.get()
    assert unsent.subject == "Un message pour vous, de Jeanne"
    assert unsent.addresses == ["sophie@exemple.fr", "jeanne@exemple.org"]
    assert unsent.attempts == MAX_ATTEMPTS
    assert "ConnectionRefusedError" in unsent.error


def test_an_email_that_leaves_at_its_second_attempt_is_sent_once(database_queue, mail_server_down, settings):
    _enqueue()
    run_ready_tasks()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        run_ready_tasks()

    assert len(mail.outbox) == 1
    assert not UnsentEmail.objects.exists()


def test_with_the_immediate_backend_of_development_the_attempts_follow_at_once(mail_server_down):
    _enqueue()  # the tests' settings run tasks at once, without a queue to wait in

    unsent = UnsentEmail.objects.get()
    assert unsent.attempts == MAX_ATTEMPTS
    assert unsent.message["to"] == ["sophie@exemple.fr"]


def _unsent(**fields):
    values = {
        "subject": "Votre message à Sophie est bien parti",
        "addresses": ["jeanne@exemple.org"],
        "error": "ConnectionRefusedError : [Errno 111] Connection refused",
        "attempts": MAX_ATTEMPTS,
        "message": {
            "subject": "Votre message à Sophie est bien parti",
            "body": "Bonjour Jeanne",
            "to": ["jeanne@exemple.org"],
            "reply_to": [],
            "html": None,
            "headers": {},
        },
    }
    return UnsentEmail.objects.create(**{**values, **fields})


def test_moderators_see_the_unsent_emails_on_their_admin_home_and_in_their_list(client, moderator):
    _unsent()
    client.force_login(moderator)

    home = client.get("/admin/").content.decode()
    listed = client.get(UNSENT)

    assert "1 e-mail non parti" in home
    assert f'href="{BUTTON}"' in home
    assert listed.status_code == 200
    page = listed.content.decode()
    assert "Votre message à Sophie est bien parti" in page
    assert "jeanne@exemple.org" in page
    assert "Connection refused" in page
    found = client.get(UNSENT, {"q": "jeanne@exemple"})
    assert found.status_code == 200
    assert found.context["cl"].result_count == 1
    assert client.get(UNSENT, {"q": "personne"}).context["cl"].result_count == 0


def test_the_admin_home_says_nothing_when_every_email_left(client, moderator):
    client.force_login(moderator)

    assert BUTTON not in client.get("/admin/").content.decode()


def test_referents_neither_see_the_button_nor_the_list(client, nantes_referent):
    _unsent()
    client.force_login(nantes_referent)

    assert BUTTON not in client.get("/admin/").content.decode()
    assert client.get(UNSENT).status_code == 403


def test_a_moderator_sends_an_unsent_email_again(client, moderator, django_capture_on_commit_callbacks):
    unsent = _unsent()
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(UNSENT, {"action": "send_again", "_selected_action": [unsent.pk]})

    assert response.status_code == 302
    (sent,) = mail.outbox
    assert sent.to == ["jeanne@exemple.org"]
    assert sent.subject == "[Tous voisins 44] Votre message à Sophie est bien parti"
    unsent.refresh_from_db()
    assert unsent.resent_at is not None
    assert BUTTON not in client.get("/admin/").content.decode()


def test_closing_an_account_erases_the_unsent_emails_to_its_address(client):
    jeanne = make_user("jeanne")
    _unsent(addresses=[jeanne.email])
    _unsent(addresses=["quelqu.un@exemple.org"])
    from accounts.gdpr import account_close, export_data

    exported = export_data(jeanne)
    account_close(jeanne)

    assert [email["adresses"] for email in exported["courrier"]["e_mails_non_partis"]] == [[jeanne.email]]
    assert list(UnsentEmail.objects.values_list("addresses", flat=True)) == [["quelqu.un@exemple.org"]]


def test_unsent_emails_go_after_ninety_days():
    from accounts.gdpr import purge_expired_personal_data

    with time_machine.travel(timezone.now() - timedelta(days=91)):
        _unsent(subject="ancien")
    with time_machine.travel(timezone.now() - timedelta(days=89)):
        _unsent(subject="récent")

    purge_expired_personal_data()

    assert list(UnsentEmail.objects.values_list("subject", flat=True)) == ["récent"]


@pytest.mark.parametrize("count", [3, 6])
def test_the_list_of_unsent_emails_makes_the_same_queries_whatever_their_number(
    client, moderator, count, django_assert_num_queries
):
    for number in range(count):
        _unsent(subject=f"E-mail {number}")
    client.force_login(moderator)

    # 1. session, 2. user, 3. permissions of the user, 4. of their groups, 5. the count of the
    # list, 6. the total, 7. the page of rows, 8. the first and last dates (date hierarchy),
    # 9. the days of the date hierarchy (all in one month here)
    with django_assert_num_queries(9):
        response = client.get(UNSENT)

    assert response.context["cl"].result_count == count
