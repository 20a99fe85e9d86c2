from django.core.management.base import BaseCommand

from events.importers import import_agenda
from events.models import ExternalAgenda


class Command(BaseCommand):
    help = (
        "Importe tous les agendas externes actifs. Tâche périodique : relancée, elle ne change que "
        "ce qui a changé dans les agendas d'origine."
    )

    def handle(self, *args, **options):
        agendas = ExternalAgenda.objects.filter(active=True).select_related("default_commune").order_by("pk")
        failed = 0
        for agenda in agendas:
            # One slow or broken agenda must not stop the others: fetch_feed never hangs and
            # import_agenda reports its errors rather than raising them.
            report = import_agenda(agenda)
            failed += bool(report.error)
            self.stdout.write(f"{agenda.name} : {report.summary()}")
        if not agendas:
            self.stdout.write("Aucun agenda externe actif.")
        elif failed:
            self.stderr.write(f"{failed} agenda(s) n'ont pas pu être importés : voir leur compte rendu.")
