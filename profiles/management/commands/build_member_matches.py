import time

from django.core.management.base import BaseCommand

from profiles.kept_matches import members_to_rank, rank_if_stale


class Command(BaseCommand):
    help = (
        "Classe à nouveau les suggestions de membres (« Qui partage mes centres d'intérêt ? ») des "
        "membres venus ces 30 derniers jours, les plus anciennes d'abord."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            default=3000,
            help="Au plus ce nombre de membres par passage (3000 par défaut : moins d'une heure de travail).",
        )

    def handle(self, *args, limit, **options):
        began = time.monotonic()
        count = sum(rank_if_stale(user) for user in members_to_rank()[:limit].iterator())
        seconds = time.monotonic() - began
        self.stdout.write(f"Suggestions classées à nouveau pour {count} membre(s) en {seconds:.1f} s.")
