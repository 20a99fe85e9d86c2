"""Seed the benchmark's data at a given scale (see tousvoisins.bench_scales), on top of the territory.

Each installed app with a `bench.py` module seeds its part, in INSTALLED_APPS order (accounts
and profiles before the apps whose rows point to members). Idempotent: a second run at the same
scale adds nothing; a larger scale tops up.
"""

import random
import time
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from tousvoisins.bench_scales import SCALES
from tousvoisins.models import Commune


class Command(BaseCommand):
    help = "Remplit la base avec les données du banc d'essai (S, M ou L) sans créer de doublon."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="M")
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="confirmed",
            help="Obligatoire quand DEBUG est désactivé : ces données sont fictives et nombreuses.",
        )

    def handle(self, *args, scale, confirmed, **options):
        if not settings.DEBUG and not confirmed:
            raise CommandError(
                "DEBUG est désactivé : est-ce la base de production ? "
                "Ajoutez --i-know-this-is-not-production si ce n'est pas le cas."
            )
        if not Commune.objects.exists():
            raise CommandError("Chargez d'abord le territoire : manage.py load_territoire")
        scale = SCALES[scale]
        rng = random.Random(44)  # the same data on every machine, run after run
        began = time.monotonic()
        for app_config in apps.get_app_configs():
            try:
                module = import_module(f"{app_config.name}.bench")
            except ModuleNotFoundError as error:
                if error.name != f"{app_config.name}.bench":
                    raise
                continue
            step = time.monotonic()
            with transaction.atomic():
                summary = module.seed_bench(scale, rng)
            self.stdout.write(f"{app_config.verbose_name} : {summary} ({time.monotonic() - step:.1f} s)")
        with connection.cursor() as cursor:
            # Fresh statistics, or the first pages plan on empty tables; and the visibility map
            # autovacuum would soon write, so that the measures begin with the index-only scans of
            # a database in service rather than compete with autovacuum. VACUUM cannot run inside
            # a transaction (the tests seed in one): there, the statistics alone.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        self.stdout.write(f"Banc d'essai {scale.name} prêt en {time.monotonic() - began:.0f} s.")
