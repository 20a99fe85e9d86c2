from django.core.management.base import BaseCommand

from tousvoisins.reports import send_report_notifications


class Command(BaseCommand):
    help = (
        "Envoie à chaque personne de la modération un seul e-mail qui liste les nouveaux signalements "
        "(forum, messages privés, profils) de son périmètre "
        "(idempotent : une seconde exécution n'envoie rien de plus)."
    )

    def handle(self, *args, **options):
        count = send_report_notifications()
        self.stdout.write(f"{count} e-mail(s) de signalements envoyé(s) à la modération.")
