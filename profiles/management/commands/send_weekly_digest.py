from django.core.management.base import BaseCommand

from profiles.notifications import send_weekly_digest


class Command(BaseCommand):
    help = "Envoie l'e-mail de la semaine aux membres qui l'ont demandé (une seule fois par semaine)."

    def handle(self, *args, **options):
        count = send_weekly_digest()
        self.stdout.write(f"{count} e-mail(s) de la semaine envoyé(s).")
