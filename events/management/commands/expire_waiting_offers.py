from django.core.management.base import BaseCommand

from events.services_waiting_list import waiting_offers_expire


class Command(BaseCommand):
    help = (
        "Listes d'attente : les places proposées sans réponse à temps passent à la personne suivante, "
        "les places libres des dates complètes sont proposées, les listes des dates commencées sont closes. "
        "Tâche périodique : la relancer ne change rien de plus."
    )

    def handle(self, *args, **options):
        expired, offered = waiting_offers_expire()
        self.stdout.write(f"{expired} proposition(s) expirée(s), {offered} place(s) proposée(s).")
