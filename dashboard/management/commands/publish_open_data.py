from django.core.management.base import BaseCommand

from dashboard.opendata_files import current_version, file_name, publish_open_data


class Command(BaseCommand):
    help = (
        "Écrit les fichiers de données ouvertes des événements (JSON, CSV, iCalendar) quand l'agenda "
        "a changé depuis la dernière fois (toutes les 15 minutes, idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Les écrire même si rien n'a changé.")

    def handle(self, *args, force=False, **options):
        if publish_open_data(force=force):
            self.stdout.write(f"Données ouvertes écrites dans {file_name(current_version(), '')}.")
        else:
            self.stdout.write("Données ouvertes déjà à jour.")
