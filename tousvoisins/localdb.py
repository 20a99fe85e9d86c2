"""The project-local PostgreSQL + PostGIS cluster used when DATABASE_URL is unset.

Standard library only: the Makefile runs it before the virtualenv is complete, and the
settings import `database_url()` from it so that `manage.py` finds the same cluster.

    python -m tousvoisins.localdb start|stop|status|url
"""

import os
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "tousvoisins"
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def port():
    # Derived from the checkout's path so that two clones (a fresh-clone check beside a
    # working copy) never fight over one port, and never the usual 5432. Below 32768: the
    # kernel hands out ports above it to any program that asks for a free one (a test's
    # HTTP server), which could take ours before the cluster starts.
    if "LOCAL_PG_PORT" in os.environ:
        return int(os.environ["LOCAL_PG_PORT"])
    return 25000 + zlib.crc32(str(ROOT).encode()) % 900


def database_url(name=DB_NAME):
    return f"postgis://postgres@127.0.0.1:{port()}/{name}"


def _traversable_by_postgres(path):
    try:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", "test", "-x", str(path)],
            check=True,
            capture_output=True,
        )
        return True
    except (subprocess.CalledProcessError, FileNotFoundError):
        return False


def data_dir():
    # initdb refuses root and runs as `postgres`, who must reach the folder: inside the
    # checkout when every parent is world-traversable, else under the shared temp area.
    local = ROOT / ".local"
    local.mkdir(exist_ok=True)
    os.chmod(local, 0o755)
    if _traversable_by_postgres(local):
        return local / "pgdata"
    key = f"{zlib.crc32(str(ROOT).encode()):08x}"
    return Path("/tmp") / f"tousvoisins-pg-{key}"


def _as_postgres(*args, **kwargs):
    cmd = list(args)
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, check=True, **kwargs)


def _psql(sql, db="postgres"):
    _as_postgres(
        "psql",
        "-q",
        "-h",
        "127.0.0.1",
        "-p",
        str(port()),
        "-U",
        "postgres",
        "-d",
        db,
        "-v",
        "ON_ERROR_STOP=1",
        "-c",
        sql,
        capture_output=True,
    )


def is_running():
    result = subprocess.run(
        [str(PG_BIN / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port())],
        check=False,
    )
    return result.returncode == 0


def start():
    directory = data_dir()
    if not (directory / "PG_VERSION").exists():
        directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(directory, "postgres", "postgres")
        _as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(directory),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            capture_output=True,
        )
    if not is_running():
        options = (
            f"-p {port()} -k {directory} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        _as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(directory),
            "-l",
            str(directory / "server.log"),
            "-o",
            options,
            "-w",
            "start",
            capture_output=True,
        )
        for _ in range(50):
            if is_running():
                break
            time.sleep(0.1)
    # Test databases are copies of template1: give it the extensions a superuser must create.
    _psql("CREATE EXTENSION IF NOT EXISTS postgis", db="template1")
    ensure_database(DB_NAME)
    print(f"PostgreSQL + PostGIS local : {database_url()} (données : {directory})")


def ensure_database(name):
    """Create the database `name` in the running cluster unless it exists (the benchmark's own)."""
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(port()),
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        _psql(f"CREATE DATABASE {name}")


def recreate_database(name):
    """Drop and create the database `name` (the benchmark starts from nothing each time)."""
    _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _psql(f"CREATE DATABASE {name}")


def stop():
    directory = data_dir()
    if (directory / "PG_VERSION").exists() and is_running():
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(directory), "-m", "fast", "stop", capture_output=True)
        print("PostgreSQL local arrêté.")
    else:
        print("PostgreSQL local : rien à arrêter.")


def main(argv):
    command = argv[1] if len(argv) > 1 else "status"
    if command == "start":
        start()
    elif command == "stop":
        stop()
    elif command == "url":
        print(database_url())
    elif command == "status":
        print("en marche" if is_running() else "arrêté", database_url())
    else:
        sys.exit(f"usage : {argv[0]} start|stop|status|url")


if __name__ == "__main__":
    main(sys.argv)
