"""The restore drill: a scratch database of the local cluster is seeded with the demo data and
given pictures, backed up with `manage.py backup`, dropped with its media folder, restored with
`manage.py restore`; every table has as many rows as before and the pages read the same.

It runs the real commands in subprocesses against their own database (never the test
database), so it takes about half a minute: in `make test`, not in `make test-fast` (marker
`slow`)."""

import hashlib
import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tousvoisins import backups

ROOT = Path(__file__).resolve().parents[2]
ROLE = "tousvoisins_drill"
PAGES = [
    "/",
    "/agenda/",
    "/referents/",
    "/actualites/",
    "/actualites/flux.xml",
    "/forum/",
    "/liens-utiles/",
    "/coups-de-pouce/",
]
# Renders each page through Django's test client, in the subprocess's database.
RENDER_PAGES = """
import hashlib, json, re, sys
import django
django.setup()
from django.test import Client
from events.models import Event
client = Client()
pages = json.loads(sys.argv[1])
event = Event.objects.order_by("pk").first()
if event is not None:
    pages.append(event.get_absolute_url())
result = {}
for path in pages:
    response = client.get(path)
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", response.content)
    result[path] = [response.status_code, hashlib.sha256(body).hexdigest()]
print(json.dumps(result))
"""


def admin_connection():
    db = settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres", host=db["HOST"], port=db["PORT"], user=db["USER"], autocommit=True
    )


def row_counts(name):
    db = settings.DATABASES["default"]
    with (
        psycopg.connect(dbname=name, host=db["HOST"], port=db["PORT"], user=db["USER"]) as conn,
        conn.cursor() as cursor,
    ):
        return backups.table_row_counts(cursor)


def content_stamps(name):
    db = settings.DATABASES["default"]
    with psycopg.connect(dbname=name, host=db["HOST"], port=db["PORT"], user=db["USER"]) as conn:
        return dict(conn.execute("SELECT area, value FROM tousvoisins_contentstamp").fetchall())


@pytest.fixture
def scratch(tmp_path):
    """A database of its own on the local cluster, owned by a role that is not a superuser (as
    in production: the extensions created beforehand by the superuser), and the environment
    pointing at it."""
    db = settings.DATABASES["default"]
    name = f"tousvoisins_drill_{uuid.uuid4().hex[:8]}"
    with admin_connection() as admin:
        admin.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') "
            f"THEN CREATE ROLE {ROLE} LOGIN; END IF; END $$"
        )
        admin.execute(f'CREATE DATABASE "{name}" OWNER {ROLE}')
    with psycopg.connect(
        dbname=name, host=db["HOST"], port=db["PORT"], user=db["USER"], autocommit=True
    ) as superuser:
        for extension in ("postgis", "unaccent", "pg_trgm"):
            superuser.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "tousvoisins.settings.local",
        "DATABASE_URL": f"postgis://{ROLE}@{db['HOST']}:{db['PORT']}/{name}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CACHE_URL": "locmemcache://",
        "EMAIL_URL": "consolemail://",
        "ALLOWED_HOSTS": "testserver",
        "DEBUG": "false",
    }
    yield name, env
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def render_pages(env):
    result = subprocess.run(
        [sys.executable, "-c", RENDER_PAGES, json.dumps(PAGES)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def media_files(root):
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_restore_drill_brings_back_every_row_every_picture_and_the_same_pages(scratch, tmp_path):
    name, env = scratch
    for command in (["migrate", "--noinput"], ["createcachetable"], ["load_territoire"], ["seed_demo"]):
        manage(env, *command)
    media = tmp_path / "media"
    (media / "profiles").mkdir(parents=True)
    (media / "profiles" / "photo.jpg").write_bytes(b"\xff\xd8\xff" + os.urandom(2048))
    (media / "events" / "2026").mkdir(parents=True)
    (media / "events" / "2026" / "affiche.jpg").write_bytes(b"\xff\xd8\xff" + os.urandom(4096))
    pages_before = render_pages(env)
    assert {status for status, _ in pages_before.values()} == {200}, pages_before
    counts_before = row_counts(name)
    files_before = media_files(media)
    assert counts_before["public.events_event"] > 0 and counts_before["public.forum_post"] > 0

    stamps_before = content_stamps(name)
    assert "site" in stamps_before  # the seeding's commits wrote them

    output = manage(env, "backup", "--folder", str(tmp_path / "backups"))
    assert "Sauvegarde faite" in output
    (backup,) = (tmp_path / "backups").iterdir()
    assert sorted(path.name for path in backup.iterdir()) == ["database.dump", "manifest.json", "media.tar"]
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["tables"] == counts_before
    assert manifest["database"]["name"] == name

    # The disaster: the database and the pictures are gone.
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    subprocess.run(["rm", "-rf", str(media)], check=True)

    # The site's role may not create PostGIS: the restore connects as the superuser for that.
    db = settings.DATABASES["default"]
    admin_url = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/postgres"
    output = manage(env, "restore", str(backup), "--no-input", "--admin-url", admin_url)
    assert "autant de lignes que dans la sauvegarde" in output

    assert row_counts(name) == counts_before
    with admin_connection() as admin:
        owners = admin.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    assert owners == (ROLE,)
    assert media_files(media) == files_before
    assert render_pages(env) == pages_before
    # Nothing kept before the restore is served after it: every area has a new stamp.
    assert "Cache vidé" in output
    stamps_after = content_stamps(name)
    assert stamps_after.keys() == stamps_before.keys()
    assert not set(stamps_after.values()) & set(stamps_before.values())


def test_restore_refuses_a_backup_whose_files_changed(tmp_path):
    backup = tmp_path / "2026-01-01T000000Z"
    backup.mkdir()
    (backup / "database.dump").write_bytes(b"changed")
    manifest = {"format": 1, "files": {"database.dump": {"bytes": 3, "sha256": "0" * 64}}, "tables": {}}
    (backup / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(backups.BackupError, match="a changé depuis la sauvegarde"):
        backups.read_manifest(backup)
    assert re.search("Aucune sauvegarde", _error(lambda: backups.latest_backup(tmp_path / "vide")))


def test_only_the_newest_backups_are_kept(tmp_path):
    for stamp in ("2026-01-01T000000Z", "2026-01-02T000000Z", "2026-01-03T000000Z"):
        (tmp_path / stamp).mkdir()
        (tmp_path / stamp / "manifest.json").write_text("{}")
    deleted = backups.prune_backups(folder=tmp_path, keep=2)
    assert [path.name for path in deleted] == ["2026-01-01T000000Z"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["2026-01-02T000000Z", "2026-01-03T000000Z"]
    assert backups.prune_backups(folder=tmp_path, keep=0) == []


def _error(function):
    try:
        function()
    except backups.BackupError as error:
        return str(error)
    return ""
