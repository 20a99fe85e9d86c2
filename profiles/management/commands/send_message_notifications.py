from django.core.management.base import BaseCommand

from profiles.notifications import send_message_notifications


class Command(BaseCommand):
    help = "Envoie à chaque membre un seul e-mail qui résume ses nouveaux messages non lus (idempotent)."

    def handle(self, *args, **options):
        count = send_message_notifications()
        self.stdout.write(f"{count} e-mail(s) de nouveaux messages envoyé(s).")
