from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.importers import MAX_FEED_BYTES, FeedError, fetch_feed, import_agenda, import_calendar
from events.models import ExternalAgenda
from tousvoisins.models import Commune, Theme


class Command(BaseCommand):
    help = (
        "Importe les événements d'un agenda au format iCalendar (adresse http(s) ou fichier .ics). "
        "Relancer le même import ne change rien : les événements sont reconnus par leur identifiant (UID)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source", nargs="?", help="Adresse du flux (http:// ou https://) ou chemin d'un fichier .ics."
        )
        parser.add_argument(
            "--agenda",
            type=int,
            metavar="NUMÉRO",
            help="Agenda externe (son numéro dans l'administration) : ses valeurs par défaut servent, "
            "le compte rendu y est gardé et ses événements disparus du flux sont annulés. "
            "Sans source, son adresse ou son fichier est lu.",
        )
        parser.add_argument(
            "--theme", action="append", default=[], metavar="SLUG", help="Thème par défaut (répétable)."
        )
        parser.add_argument("--commune", metavar="INSEE", help="Code INSEE de la commune par défaut.")

    def handle(self, *args, source=None, agenda=None, theme=(), commune=None, **options):
        agenda = self._agenda(agenda)
        if agenda is None and source is None:
            raise CommandError("Indiquez une adresse ou un fichier iCalendar, ou un agenda avec --agenda.")
        text = None if source is None else self._read(source)
        themes = self._themes(theme)
        default_commune = self._commune(commune)
        if agenda is not None:
            report = import_agenda(agenda, text=text, default_themes=themes, default_commune=default_commune)
        else:
            report = import_calendar(text, default_themes=themes or (), default_commune=default_commune)
        self.stdout.write(report.as_text())
        if report.error:
            raise CommandError(report.summary())

    def _agenda(self, pk):
        if pk is None:
            return None
        try:
            return ExternalAgenda.objects.select_related("default_commune").get(pk=pk)
        except ExternalAgenda.DoesNotExist:
            raise CommandError(f"Aucun agenda externe n'a le numéro {pk}.") from None

    def _themes(self, slugs):
        """The thèmes named, or None (the agenda's own ones then serve)."""
        if not slugs:
            return None
        themes = list(Theme.objects.filter(slug__in=slugs))
        unknown = set(slugs) - {theme.slug for theme in themes}
        if unknown:
            known = ", ".join(Theme.objects.values_list("slug", flat=True))
            raise CommandError(f"Thème inconnu : {', '.join(sorted(unknown))}. Thèmes possibles : {known}.")
        return themes

    def _commune(self, insee):
        if not insee:
            return None
        try:
            return Commune.objects.get(insee=insee)
        except Commune.DoesNotExist:
            raise CommandError(f"Aucune commune de Loire-Atlantique n'a le code INSEE {insee}.") from None

    def _read(self, source):
        if source.startswith(("http://", "https://")):
            try:
                return fetch_feed(source)
            except FeedError as error:
                raise CommandError(f"Import impossible : {error}") from None
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"Le fichier « {source} » n'existe pas.")
        if path.stat().st_size > MAX_FEED_BYTES:
            raise CommandError(f"Le fichier « {source} » est trop gros pour un agenda.")
        return path.read_text(encoding="utf-8", errors="replace")
