from django.core.management.base import BaseCommand

from events.pending_pictures import delete_stale_pending


class Command(BaseCommand):
    help = (
        "Efface les images gardées pendant qu'une proposition d'événement était corrigée, "
        "quand elles ont plus d'un jour. Tâche périodique : la relancer ne fait rien de plus."
    )

    def handle(self, *args, **options):
        deleted = delete_stale_pending()
        self.stdout.write(f"{deleted} image(s) en attente effacée(s).")
