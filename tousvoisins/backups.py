"""Backups: the database (pg_dump, custom format) and the media folder (tar) in one folder,
with a manifest; and their restore. `manage.py backup` / `manage.py restore` (`make backup`,
`make restore`) call these; README "Sauvegarder et restaurer" says how to use them.

The manifest records the row count of every table, read in the very snapshot pg_dump dumps,
so that a restore can prove it brought back exactly what was saved.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

import environ
import psycopg
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from psycopg import sql

from tousvoisins import localdb

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA_TAR = "media.tar"
FORMAT = 1


class BackupError(Exception):
    """A backup or a restore that cannot go on; its message is for the person running it."""


def pg_program(name):
    """The PostgreSQL client of the local cluster's version when installed, else the PATH's."""
    local = localdb.PG_BIN / name
    return str(local) if local.exists() else name


def server_credentials(admin_url=None):
    """HOST, PORT, USER, PASSWORD of the site's database, or of `admin_url` (a role allowed to
    create the database and PostGIS, for a restore in production)."""
    db = environ.Env.db_url_config(admin_url) if admin_url else settings.DATABASES["default"]
    return {key: db.get(key) or None for key in ("HOST", "PORT", "USER", "PASSWORD")}


def libpq_environment(database=None, admin_url=None):
    """Environment for pg_dump/pg_restore: the password never shows in the process list."""
    db = {**server_credentials(admin_url), "NAME": settings.DATABASES["default"]["NAME"]}
    values = {
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
        "PGDATABASE": database or db["NAME"],
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def quote_identifier(name):
    return '"' + name.replace('"', '""') + '"'


def table_row_counts(cursor):
    """{"schema.table": rows} for every table of the database (PostGIS's included)."""
    cursor.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') "
        "ORDER BY 1, 2"
    )
    counts = {}
    for schema, table in cursor.fetchall():
        cursor.execute(f"SELECT count(*) FROM {quote_identifier(schema)}.{quote_identifier(table)}")
        counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def media_on_local_disk():
    return settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")


def file_digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def git_commit():
    result = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or None


def create_backup(*, folder, now=None):
    """Write <folder>/<timestamp>/ with database.dump, media.tar and manifest.json; return it."""
    now = now or datetime.now(UTC)
    target = Path(folder) / now.strftime("%Y-%m-%dT%H%M%SZ")
    target.mkdir(parents=True, exist_ok=False)
    db = settings.DATABASES["default"]
    with transaction.atomic(), connection.cursor() as cursor:
        # One snapshot for the counts and for pg_dump: what is counted is what is dumped.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, server_version = cursor.fetchone()
        cursor.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")
        owner = cursor.fetchone()[0]
        counts = table_row_counts(cursor)
        cursor.execute("SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app")
        migrations = dict(cursor.fetchall())
        dump = subprocess.run(
            [pg_program("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={target / DUMP}"],
            env=libpq_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
    if dump.returncode != 0:
        shutil.rmtree(target)
        raise BackupError(f"pg_dump a échoué : {dump.stderr.strip()}")
    files = {DUMP: target / DUMP}
    if media_on_local_disk():
        media_root = Path(settings.MEDIA_ROOT)
        with tarfile.open(target / MEDIA_TAR, "w") as archive:
            if media_root.is_dir():
                archive.add(media_root, arcname="media")
        files[MEDIA_TAR] = target / MEDIA_TAR
        media = {"stored": "local", "root": str(media_root)}
    else:
        media = {"stored": "object storage", "note": "pas dans la sauvegarde : versions du bucket"}
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(),
        "database": {"name": db["NAME"], "host": db.get("HOST"), "port": db.get("PORT"), "owner": owner},
        "server_version": server_version,
        "code": git_commit(),
        "migrations": migrations,
        "tables": counts,
        "media": media,
        "files": {
            name: {"bytes": path.stat().st_size, "sha256": file_digest(path)} for name, path in files.items()
        },
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return target


def backups_in(folder):
    """The backups of a folder, oldest first (their names are their UTC times)."""
    return sorted(path for path in Path(folder).glob("*/") if (path / MANIFEST).exists())


def prune_backups(*, folder, keep):
    """Delete all but the `keep` newest backups of the folder; return those deleted."""
    old = backups_in(folder)[:-keep] if keep > 0 else []
    for path in old:
        shutil.rmtree(path)
    return old


def latest_backup(folder):
    candidates = backups_in(folder)
    if not candidates:
        raise BackupError(f"Aucune sauvegarde dans {folder}.")
    return candidates[-1]


def read_manifest(backup):
    backup = Path(backup)
    try:
        manifest = json.loads((backup / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{backup} n'est pas une sauvegarde : pas de {MANIFEST}.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format de sauvegarde inconnu : {manifest.get('format')}.")
    for name, expected in manifest["files"].items():
        path = backup / name
        if not path.exists() or file_digest(path) != expected["sha256"]:
            raise BackupError(f"{path} manque ou a changé depuis la sauvegarde (empreinte différente).")
    return manifest


def _maintenance_connection(admin_url):
    db = server_credentials(admin_url)
    return psycopg.connect(
        dbname="postgres",
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        password=db["PASSWORD"],
        autocommit=True,
    )


def restore_database(*, backup, manifest, admin_url=None):
    """Drop the database, create it again (owned as before) and pg_restore the dump into it,
    connected as the site's role or as `admin_url`'s."""
    name = settings.DATABASES["default"]["NAME"]
    connections.close_all()
    with _maintenance_connection(admin_url) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(name), sql.Identifier(manifest["database"]["owner"])
            )
        )
    result = subprocess.run(
        [pg_program("pg_restore"), "--single-transaction", "--dbname", name, str(Path(backup) / DUMP)],
        env=libpq_environment(database=name, admin_url=admin_url),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore a échoué : {result.stderr.strip()}")


def restore_media(*, backup, manifest):
    """Put the saved media folder in place of MEDIA_ROOT (swapped in once fully extracted)."""
    if MEDIA_TAR not in manifest["files"]:
        return False
    media_root = Path(settings.MEDIA_ROOT)
    incoming = media_root.parent / f".{media_root.name}.restauration"
    previous = media_root.parent / f".{media_root.name}.avant-restauration"
    for leftover in (incoming, previous):
        shutil.rmtree(leftover, ignore_errors=True)
    incoming.mkdir(parents=True)
    with tarfile.open(Path(backup) / MEDIA_TAR) as archive:
        archive.extractall(incoming, filter="data")
    extracted = incoming / "media"
    extracted.mkdir(exist_ok=True)
    if media_root.exists():
        media_root.rename(previous)
    extracted.rename(media_root)
    shutil.rmtree(incoming)
    shutil.rmtree(previous, ignore_errors=True)
    return True


def restored_count_differences(manifest):
    """Tables whose row count differs from the manifest's: {table: (saved, restored)}."""
    connections.close_all()
    with connection.cursor() as cursor:
        counts = table_row_counts(cursor)
    saved = manifest["tables"]
    return {
        table: (saved.get(table), counts.get(table))
        for table in sorted(set(saved) | set(counts))
        if saved.get(table) != counts.get(table)
    }


def start_new_stamps(manifest):
    """What the cache keeps (pages, feeds, stamps) may come from after the backup: new content
    stamps and an empty cache (tousvoisins.content_stamp.start_afresh). A backup older than the
    stamps' table (then migrated) only empties the cache."""
    from . import content_stamp
    from .models import ContentStamp

    if f"public.{ContentStamp._meta.db_table}" in manifest["tables"]:
        content_stamp.start_afresh()
    else:
        cache.clear()
