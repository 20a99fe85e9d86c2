"""Keep the reference data (territory, themes, roles…) across live-server tests.

pytest-django's `live_server` runs on a transactional database that is flushed after each
test: every table is emptied, including rows that data migrations and `load_territoire` put
there once. Reloading the territory takes about a second, too slow to do before each browser
test, so the browser session copies every non-empty table into a schema of its own at the
start and copies it back after each flush (a few milliseconds). Content types and
permissions are copied too, so the groups keep the permission ids they point to.
"""

import importlib
import io
from contextlib import contextmanager

from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.db import connection, transaction

from accounts.roles import ROLE_PERMISSIONS, sync_roles
from tousvoisins.models import Commune, Theme

SNAPSHOT_SCHEMA = "browser_snapshot"


def ensure():
    """Put back what a flush may have left missing (say, an interrupted earlier run)."""
    if not Commune.objects.exists():
        call_command("load_territoire", stdout=io.StringIO())
    if not Theme.objects.exists():
        importlib.import_module("tousvoisins.migrations.0002_themes").create_themes(django_apps, None)
    if Group.objects.filter(name__in=ROLE_PERMISSIONS).count() < len(ROLE_PERMISSIONS):
        sync_roles(django_apps, ROLE_PERMISSIONS)


def _columns(cursor, table):
    # Generated columns (search vectors) cannot be inserted: they are computed again.
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND table_name = %s AND is_generated = 'NEVER' ORDER BY ordinal_position",
        [table],
    )
    return ", ".join(f'"{name}"' for (name,) in cursor.fetchall())


class Snapshot:
    def __init__(self):
        self.tables = {}  # table -> quoted column list

    def take(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}")
            for table in sorted(connection.introspection.django_table_names(only_existing=True)):
                cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')
                if not cursor.fetchone()[0]:
                    continue
                columns = _columns(cursor, table)
                cursor.execute(f'CREATE TABLE {SNAPSHOT_SCHEMA}."{table}" AS SELECT {columns} FROM "{table}"')
                self.tables[table] = columns

    def is_intact(self):
        """False once a flush has emptied the tables (post_migrate refills only some)."""
        if not self.tables:
            return True
        checks = " AND ".join(f'EXISTS (SELECT 1 FROM "{table}")' for table in self.tables)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {checks}")
            return cursor.fetchone()[0]

    def restore(self):
        if self.is_intact():
            return
        # DELETE, not TRUNCATE … CASCADE: should a test's own rows already point at these tables,
        # the deferred foreign keys fail loudly at commit instead of silently wiping those rows.
        # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: inside one transaction the
        # order of the statements does not matter.
        with transaction.atomic(), connection.cursor() as cursor:
            for table, columns in self.tables.items():
                cursor.execute(f'DELETE FROM "{table}"')  # what post_migrate put back, if anything
                cursor.execute(
                    f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM {SNAPSHOT_SCHEMA}."{table}"'
                )
        # post_migrate recreated content types with new ids: forget those.
        ContentType.objects.clear_cache()
        Site.objects.clear_cache()

    def drop(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE")


@contextmanager
def kept_aside(django_db_blocker):
    """The reference data made whole and copied aside (the Snapshot given), then put back and the
    copy dropped on leaving: the last test's flush emptied the tables, and the tests after (or a
    reused database's next run) rely on them."""
    with django_db_blocker.unblock():
        ensure()
        snapshot = Snapshot()
        snapshot.take()
    yield snapshot
    with django_db_blocker.unblock():
        snapshot.restore()
        snapshot.drop()
