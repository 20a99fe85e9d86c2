from django.core.management.base import BaseCommand

from profiles.notifications import send_event_reminders


class Command(BaseCommand):
    help = "Envoie un rappel la veille aux membres inscrits à une rencontre, une seule fois par date."

    def handle(self, *args, **options):
        count = send_event_reminders()
        self.stdout.write(f"{count} rappel(s) envoyé(s).")
