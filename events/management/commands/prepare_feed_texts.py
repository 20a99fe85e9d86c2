from django.core.management.base import BaseCommand

from events.ical import prepare_texts


class Command(BaseCommand):
    help = (
        "Écrit d'avance les textes iCalendar (VEVENT) des événements des flux de l'agenda qui ont "
        "changé, et efface ceux des événements modifiés ou qui ne sont plus publics (toutes les "
        "15 minutes, idempotent)."
    )

    def handle(self, *args, **options):
        # Here rather than by the first feed that lacks them: that feed would write a thousand.
        written = prepare_texts()
        self.stdout.write(f"{written} texte(s) iCalendar écrit(s) d'avance.")
