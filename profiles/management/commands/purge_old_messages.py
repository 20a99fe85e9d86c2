from django.core.management.base import BaseCommand

from profiles.gdpr import purge_old_messages


class Command(BaseCommand):
    help = "Efface les messages « Nous écrire » et les messages aux référents reçus il y a plus d'un an."

    def handle(self, *args, **options):
        count = purge_old_messages()
        self.stdout.write(f"{count} message(s) de plus d'un an effacé(s).")
