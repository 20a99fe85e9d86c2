"""Periodic job: ask every active useful link whether it still answers (see links.checker)."""

from django.core.management.base import BaseCommand

from links import checker


class Command(BaseCommand):
    help = (
        "Vérifie que les liens utiles répondent encore. Les liens vérifiés depuis moins de 20 heures "
        "sont laissés de côté (sauf avec --tous) : la commande peut être relancée sans risque."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--tous",
            action="store_true",
            dest="every_link",
            help="Vérifier tous les liens actifs maintenant.",
        )

    def handle(self, *args, every_link=False, **options):
        results = checker.check_links(checker.due(every_link=every_link))
        broken = [link for link, _ in results if link.is_broken]
        failed = [(link, outcome) for link, outcome in results if not outcome.ok]
        for link, outcome in failed:
            self.stdout.write(f"- {link.title} ({link.url}) : {outcome.result}")
        self.stdout.write(
            f"{len(results)} lien(s) vérifié(s), {len(failed)} sans réponse correcte, "
            f"{len(broken)} signalé(s) comme ne répondant plus."
        )
