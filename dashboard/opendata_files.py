"""The open-data files of the events, written through Django's storage API (the default storage:
MEDIA_ROOT on one machine, the S3 bucket when AWS_STORAGE_BUCKET_NAME is set, so every app server
sees the same files) by the periodic job `publish_open_data`, then served as they are: building the
iCalendar of twenty thousand events takes up to a minute, more than a request may wait.

The job writes them again only when the agenda changed since the last run (its stamp,
events.feed_cache.agenda_stamp: any new, published, changed or deleted event) or when they are a
day old (past dates leave them). Storages have no "rename", and an S3 object or a file being
overwritten may be read half-written, so each run writes a new *publication*:

    donnees-ouvertes/<version>/evenements.json, .csv, .ics   (new names, never overwritten)
    donnees-ouvertes/<version>/evenements.json.gz, …          (each one compressed, beside it)
    donnees-ouvertes/<version>.etat                          (the agenda's stamp, written last)

where <version> is the UTC time of the run (sortable) and a random suffix. The newest `.etat` names
the current publication; a download in progress keeps reading the previous one, which stays until
the next run (older ones are deleted). The stable public addresses (/donnees-ouvertes/…) stream the
current files from the storage (dashboard.opendata), with the same headers on disk and on S3
(licence, CORS, ETag): no redirect to a signed, expiring bucket address. A client accepting gzip
(browsers, calendar apps, harvesters) is sent the `.gz` copy as it is: files of megabytes are
compressed once per publication, not on each download (and nginx passes them on as they are).
"""

import contextlib
import gzip
import os
import secrets
from datetime import UTC, datetime, timedelta
from importlib import import_module

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from events.feed_cache import agenda_stamp

FOLDER = "donnees-ouvertes"
MARK = ".etat"
VERSION_FORMAT = "%Y%m%dT%H%M%S%fZ"
MAX_AGE = timedelta(hours=24)
KEEP = 2  # the current publication and the one before (downloads in progress)
ABANDONED_AFTER = timedelta(hours=1)  # a publication without its mark this old was interrupted
PACKED = ".gz"  # the gzip copy written beside each file
# name -> function (in dashboard.opendata) writing its bytes
BUILDERS = {
    "evenements.json": "events_json_bytes",
    "evenements.csv": "events_csv_bytes",
    "evenements.ics": "events_ics_bytes",
}


def version_time(version):
    return datetime.strptime(version.split("-")[0], VERSION_FORMAT).replace(tzinfo=UTC)


def _versions():
    """The complete publications, oldest first."""
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:  # nothing written yet on this disk
        return []
    return sorted(name.removesuffix(MARK) for name in files if name.endswith(MARK) and name[:8].isdigit())


def current_version():
    versions = _versions()
    return versions[-1] if versions else None


def file_name(version, name):
    return f"{FOLDER}/{version}/{name}"


def packed_name(version, name):
    """The storage name of a file's gzip copy (publications of an earlier release have none)."""
    return file_name(version, name) + PACKED


def _up_to_date(stamp):
    version = current_version()
    if version is None or timezone.now() - version_time(version) > MAX_AGE:
        return False
    with default_storage.open(f"{FOLDER}/{version}{MARK}", "rb") as mark:
        return mark.read().decode() == stamp


def _delete(version):
    for name in BUILDERS:
        default_storage.delete(file_name(version, name))
        default_storage.delete(packed_name(version, name))
    default_storage.delete(f"{FOLDER}/{version}{MARK}")
    try:  # on disk, the emptied folder too (a bucket has no folders)
        path = default_storage.path(f"{FOLDER}/{version}")
    except NotImplementedError:
        return
    with contextlib.suppress(OSError):
        os.rmdir(path)


def _delete_older_than(version):
    """Publications before the previous one, and those a run left unfinished over an hour ago (a
    run of another machine may still be writing a younger one)."""
    try:
        folders, _files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    complete = _versions()
    keep = set(complete[-KEEP:])
    abandoned = timezone.now() - ABANDONED_AFTER
    for old in complete:
        if old < version and old not in keep:
            _delete(old)
    for old in set(folders) - set(complete):
        if old[:8].isdigit() and old < version and version_time(old) < abandoned:
            _delete(old)


def publish_open_data(*, force=False):
    """Write the event files when the agenda changed (or `force`); True when they were written."""
    stamp = agenda_stamp()
    if not force and _up_to_date(stamp):
        return False
    opendata = import_module("dashboard.opendata")
    version = f"{timezone.now().astimezone(UTC).strftime(VERSION_FORMAT)}-{secrets.token_hex(3)}"
    for name, builder in BUILDERS.items():
        body = getattr(opendata, builder)()
        default_storage.save(file_name(version, name), ContentFile(body))
        # mtime=0: the same file gives the same bytes (no date inside).
        default_storage.save(packed_name(version, name), ContentFile(gzip.compress(body, mtime=0)))
    default_storage.save(f"{FOLDER}/{version}{MARK}", ContentFile(stamp.encode()))
    _delete_older_than(version)
    return True


def open_data_file(name):
    """(version, storage name) of a file of the current publication, written first if none was
    ever written (a new installation)."""
    version = current_version()
    if version is None:
        publish_open_data(force=True)
        version = current_version()
    return version, file_name(version, name)
