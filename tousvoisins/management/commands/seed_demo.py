"""A little demo content so that `make run` shows a living site (idempotent).

Later apps add their own demo content through a `seed_demo()` function in their
`demo.py` module, which this command calls in INSTALLED_APPS order.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Ajoute des contenus d'exemple (comptes de démonstration, etc.) sans créer de doublon."

    @transaction.atomic
    def handle(self, *args, **options):
        for app_config in apps.get_app_configs():
            try:
                module = import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app_config.name}.demo":
                    raise
                continue
            summary = module.seed_demo()
            if summary:
                self.stdout.write(f"{app_config.verbose_name} : {summary}")
