"""The task worker that outlives a database outage: `manage.py run_worker`.

django-tasks-db's `db_worker` stops for good on the first connection error (PostgreSQL restarted,
network cut), and then no e-mail leaves until someone starts it again. This command runs the same
worker (same options) and, when the database is out of reach, closes its connections, waits
(1 s, 2 s, 4 s… up to `--max-backoff`) and goes on.

A task left "running" by a worker that is gone (killed, its machine restarted, or this worker
when the database vanished under a task) is put back in the queue so that it runs again:
at start and after each outage, the tasks claimed by a dead process of this machine, and those
running for longer than `--requeue-after` seconds on any machine.
"""

import os
import socket
import time
from datetime import timedelta

from django.db import InterfaceError, OperationalError, connections
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

OUTAGE_ERRORS = (OperationalError, InterfaceError)
HOST = socket.gethostname()[:40]


def worker_id_for(pid):
    return f"{HOST}:{pid}:{get_random_string(8)}"


def _process_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _abandoned(worker_id, *, own_id):
    if worker_id == own_id:
        return True  # this worker lost the database in the middle of the task
    host, _, rest = worker_id.partition(":")
    pid = rest.partition(":")[0]
    if host != HOST or not pid.isdigit() or int(pid) == os.getpid():
        return False
    return not _process_alive(int(pid))


def requeue_abandoned_tasks(*, own_id, older_than):
    """Put back in the queue the tasks whose worker is gone; return how many."""
    requeued = 0
    stale_before = timezone.now() - timedelta(seconds=older_than)
    for result in DBTaskResult.objects.running().only("id", "worker_ids", "started_at"):
        last = result.worker_ids[-1] if result.worker_ids else ""
        stale = result.started_at is not None and result.started_at < stale_before
        if stale or _abandoned(last, own_id=own_id):
            requeued += DBTaskResult.objects.filter(id=result.id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
    return requeued


def close_connections():
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception:
            connection.connection = None


class Command(db_worker.Command):
    help = "Runs the task worker (as db_worker) and keeps it running through database outages."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=worker_id_for(os.getpid()), reload=False)
        parser.add_argument(
            "--max-backoff",
            type=float,
            default=60,
            help="longest wait, in seconds, between two tries to reach the database (default 60)",
        )
        parser.add_argument(
            "--requeue-after",
            type=float,
            default=3600,
            help="a task running for longer than this many seconds is put back in the queue (default 3600)",
        )

    def handle(self, *, max_backoff, requeue_after, verbosity, **options):
        self.configure_logging(verbosity)
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = db_worker.Worker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        delay = 1.0
        started = time.monotonic()
        while worker.running:
            try:
                requeued = requeue_abandoned_tasks(own_id=worker.worker_id, older_than=requeue_after)
                if requeued:
                    db_worker.logger.warning(
                        "%s task(s) left by a stopped worker put back in the queue", requeued
                    )
                started = time.monotonic()
                worker.run()
                return
            except OUTAGE_ERRORS as error:
                if time.monotonic() - started > 2 * max_backoff:
                    delay = 1.0  # a new outage after a long good run: start again from 1 s
                db_worker.logger.warning("Database out of reach (%s); trying again in %.0f s", error, delay)
                close_connections()
                time.sleep(delay)
                delay = min(delay * 2, max_backoff)
