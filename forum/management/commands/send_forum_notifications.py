from django.core.management.base import BaseCommand

from forum.notifications import send_forum_notifications


class Command(BaseCommand):
    help = (
        "Envoie à chaque membre un seul e-mail qui liste les sujets suivis ayant de nouvelles réponses "
        "(idempotent : une seconde exécution n'envoie rien de plus)."
    )

    def handle(self, *args, **options):
        count = send_forum_notifications()
        self.stdout.write(f"{count} e-mail(s) de réponses du forum envoyé(s).")
