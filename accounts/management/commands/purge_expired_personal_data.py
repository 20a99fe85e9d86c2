from django.core.management.base import BaseCommand

from accounts.gdpr import purge_expired_personal_data


class Command(BaseCommand):
    help = (
        "Efface les données personnelles gardées plus longtemps que promis : identifications des "
        "comptes fermés depuis plus d'un an (décret n° 2021-1362), messages « Nous écrire » et "
        "messages aux référents de plus d'un an, et ce que chaque application ajoute."
    )

    def handle(self, *args, **options):
        self.stdout.write("Données personnelles arrivées au bout de leur durée de conservation, effacées :")
        for what, count in purge_expired_personal_data().items():
            self.stdout.write(f"- {what} : {count}")
