"""The open-data files of the events, written to MEDIA_ROOT/donnees-ouvertes/ by the periodic job
`publish_open_data`, then served as they are: building the iCalendar of twenty thousand events
takes up to a minute, more than a request may wait.

The job writes them again only when the agenda changed since the last run (its stamp,
events.feed_cache.agenda_stamp: any new, published, changed or deleted event) or when they are a
day old (past dates leave them); each file is replaced in one step (written beside, then renamed),
so a download never reads half a file.
"""

import os
import time
from importlib import import_module
from pathlib import Path

from django.conf import settings

from events.feed_cache import agenda_stamp

STAMP = ".etat-de-l-agenda"
MAX_AGE_SECONDS = 24 * 3600
# name -> function (in dashboard.opendata) writing its bytes
BUILDERS = {
    "evenements.json": "events_json_bytes",
    "evenements.csv": "events_csv_bytes",
    "evenements.ics": "events_ics_bytes",
}


def directory():
    return Path(settings.MEDIA_ROOT) / "donnees-ouvertes"


def _up_to_date(stamp):
    folder = directory()
    marker = folder / STAMP
    if not marker.exists() or marker.read_text() != stamp:
        return False
    if time.time() - marker.stat().st_mtime > MAX_AGE_SECONDS:
        return False
    return all((folder / name).exists() for name in BUILDERS)


def _write(path, data):
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def publish_open_data(*, force=False):
    """Write the event files when the agenda changed (or `force`); True when they were written."""
    stamp = agenda_stamp()
    if not force and _up_to_date(stamp):
        return False
    opendata = import_module("dashboard.opendata")
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    for name, builder in BUILDERS.items():
        _write(folder / name, getattr(opendata, builder)())
    _write(folder / STAMP, stamp.encode())
    return True


def open_data_file(name):
    """The path of a file, written first if it was never written (a new installation)."""
    path = directory() / name
    if not path.exists():
        publish_open_data(force=True)
    return path
