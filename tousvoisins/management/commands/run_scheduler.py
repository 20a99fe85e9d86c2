"""Run the periodic jobs on a schedule (development and small installations).

Production runs the same idempotent commands from cron or systemd timers (README). Each
job is a management command; apps add theirs to settings.PERIODIC_JOBS.
"""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Lance les tâches périodiques (commandes idempotentes) à leur rythme, sans fin."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Lance chaque tâche une fois puis s'arrête.")

    def handle(self, *args, once=False, **options):
        next_run = dict.fromkeys(settings.PERIODIC_JOBS, 0.0)
        while True:
            now = time.monotonic()
            for command, every_seconds in settings.PERIODIC_JOBS.items():
                if now >= next_run[command]:
                    self._run(command)
                    next_run[command] = now + every_seconds
            if once:
                return
            time.sleep(5)

    def _run(self, command):
        name, *arguments = command.split()
        try:
            call_command(name, *arguments)
        except Exception as error:  # one failing job must not stop the others
            self.stderr.write(f"{command} : échec ({error})")
