from django.core.management.base import BaseCommand

from profiles.notifications import purge_retained_identifications


class Command(BaseCommand):
    help = "Efface les identifications des comptes fermés depuis plus d'un an (décret n° 2021-1362)."

    def handle(self, *args, **options):
        count = purge_retained_identifications()
        self.stdout.write(f"{count} identification(s) de compte fermé effacée(s).")
