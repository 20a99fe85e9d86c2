"""The application servers the benchmark and the drills can run the site under, by name:

- `sync`: gunicorn's sync workers, one request at a time each;
- `gthread`: gunicorn's threaded workers, THREADS requests at a time each;
- `granian`: granian's WSGI interface (a Rust HTTP server; the Django app in each worker's
  blocking threads), one request at a time each as the sync workers, so that the two compare
  like for like. Its workers are not started again when they die unless told so
  (`--respawn-failed-workers`): production needs it, so every command here says it.

Each command serves `tousvoisins.wsgi` on 127.0.0.1:<port> with `workers` processes; the unit of
deploy/ runs the production default with the same options.
"""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
SERVERS = ("sync", "gthread", "granian")
# What deploy/tousvoisins-web.service runs (docs/servers.md says why): the benchmark and the
# drills measure it unless told otherwise.
PRODUCTION = "gthread"
THREADS = 4
# What a worker holds at once, all lost if it is killed (drill 2 of scripts/drills.py).
REQUESTS_PER_WORKER = {"sync": 1, "gthread": THREADS, "granian": 1}


def command(server, *, port, workers, log_level="warning"):
    """The command line of `server` (one of SERVERS)."""
    if server in ("sync", "gthread"):
        threaded = ["--worker-class", "gthread", "--threads", str(THREADS)] if server == "gthread" else []
        return [
            str(BIN / "gunicorn"),
            "tousvoisins.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            *threaded,
            "--log-level",
            log_level,
        ]
    if server == "granian":
        return [
            str(BIN / "granian"),
            "--interface",
            "wsgi",
            "tousvoisins.wsgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            # One Django thread per worker, as a sync worker: by default granian would run
            # backlog / workers / 2 threads (about a hundred), each with its own database connection.
            "--blocking-threads",
            "1",
            "--respawn-failed-workers",
            "--respawn-interval",
            "0.5",
            "--log-level",
            log_level,
        ]
    raise ValueError(f"serveur inconnu : {server} (au choix : {', '.join(SERVERS)})")


def worker_pids(master_pid):
    """The processes serving requests: the master's children (granian's workers are its
    children too; the master itself only watches them)."""
    command = ["ps", "-o", "pid=,comm=", "--ppid", str(master_pid)]
    out = subprocess.run(command, capture_output=True, text=True, check=False)
    pids = []
    for line in out.stdout.splitlines():
        pid, name = line.split(None, 1)
        if "resource_tracke" not in name:  # multiprocessing's helper, not a worker
            pids.append(int(pid))
    return pids


def resident_mb(pid):
    """Resident memory of one process, in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return int(status.split("VmRSS:")[1].split()[0]) / 1024
