"""The task worker (`manage.py run_worker`) lives through a database outage: it waits, reconnects
and runs the tasks queued meanwhile. Its process reaches PostgreSQL through a relay the test cuts
and brings back, which is what a restart of PostgreSQL looks like from the worker."""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import COMMITTING
from tests.core.tcp_proxy import TcpProxy
from tousvoisins.management.commands.run_worker import requeue_abandoned_tasks
from tousvoisins.models import OutgoingEmail

ROOT = Path(__file__).resolve().parents[2]

# The worker's process reads what the test commits (tests.conftest.COMMITTING).
pytestmark = COMMITTING


def queue_email(subject, *, status=TaskResultStatus.READY, worker_ids=()):
    # As tousvoisins.mail.queue_email does: the e-mail in the outbox, its id in the task.
    email = OutgoingEmail.objects.create(subject=subject, body="Bonjour", to=["a@example.org"])
    return DBTaskResult.objects.create(
        task_path="tousvoisins.mail.send_email",
        args_kwargs={"args": [], "kwargs": {"email_id": email.pk, "attempt": 1}},
        backend_name="default",
        run_after=timezone.now(),
        status=status,
        worker_ids=list(worker_ids),
        started_at=timezone.now() if status == TaskResultStatus.RUNNING else None,
    )


def wait_for(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def status_of(result):
    return DBTaskResult.objects.get(pk=result.pk).status


def test_the_worker_survives_a_database_restart_then_runs_the_queued_task(tmp_path):
    db = connection.settings_dict
    proxy = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"])).start()
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.outage_settings",
        "DATABASE_URL": f"postgis://{db['USER']}{password}@127.0.0.1:{proxy.port}/{db['NAME']}",
        "PYTHONUNBUFFERED": "1",
    }
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "--max-backoff", "1"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        before = queue_email("Avant la coupure")
        assert wait_for(lambda: status_of(before) == TaskResultStatus.SUCCESSFUL, 30), log_path.read_text()

        proxy.stop()  # PostgreSQL "restarts": connections cut, new ones refused
        assert wait_for(lambda: "Database out of reach" in log_path.read_text(), 15), log_path.read_text()
        during = queue_email("Pendant la coupure")
        time.sleep(2)
        assert worker.poll() is None, log_path.read_text()
        assert status_of(during) == TaskResultStatus.READY

        proxy.start()  # back on the same port
        assert wait_for(lambda: status_of(during) == TaskResultStatus.SUCCESSFUL, 30), log_path.read_text()
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(10)
        proxy.stop()


def test_a_task_left_running_by_a_dead_worker_goes_back_in_the_queue():
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    from tousvoisins.management.commands.run_worker import HOST

    abandoned = queue_email(
        "Abandonné", status=TaskResultStatus.RUNNING, worker_ids=[f"{HOST}:{dead.stdout.strip()}:x"]
    )
    alive = queue_email("En cours", status=TaskResultStatus.RUNNING, worker_ids=[f"{HOST}:{os.getppid()}:x"])

    assert requeue_abandoned_tasks(own_id="autre", older_than=3600) == 1
    assert status_of(abandoned) == TaskResultStatus.READY
    assert status_of(alive) == TaskResultStatus.RUNNING
    # A task running for longer than --requeue-after, on whatever machine, goes back too.
    assert requeue_abandoned_tasks(own_id="autre", older_than=-1) == 1
    assert status_of(alive) == TaskResultStatus.READY
