from django.core.management.base import BaseCommand

from events.services import extend_all_occurrences


class Command(BaseCommand):
    help = (
        "Crée les dates des événements réguliers pour les 12 prochains mois. "
        "Tâche périodique : la relancer ne crée aucun doublon."
    )

    def handle(self, *args, **options):
        created = extend_all_occurrences()
        self.stdout.write(f"{created} date(s) ajoutée(s).")
