"""The open-data files go through the storage API: on disk (one machine) and in an S3 bucket (several
machines: a real S3 server, moto, run locally), served at the same stable addresses."""

import io
import json
from datetime import UTC, timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from dashboard.opendata_files import FOLDER, VERSION_FORMAT
from events.models import Event
from tests import servers
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
BUCKET = "tousvoisins-opendata-test"
FILES = ("evenements.json", "evenements.csv", "evenements.ics")
# Each file and its gzip copy beside it (served to clients that accept gzip).
STORED = (*FILES, *(f"{name}.gz" for name in FILES))


def publish():
    call_command("publish_open_data", stdout=io.StringIO())


def titles(client):
    return [
        item["name"]
        for item in json.loads(client.get("/donnees-ouvertes/evenements.json").getvalue())["donnees"]
    ]


def publish_a_new_event(title):
    EventFactory(title=title, status=Event.Status.PROPOSED)
    event = Event.objects.get(title=title)
    event.status = Event.Status.PUBLISHED
    event.save()
    publish()


@pytest.fixture
def on_disk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path / FOLDER


def test_on_disk_each_publication_has_its_folder_and_the_oldest_go(client, on_disk):
    EventFactory(title="Atelier CV")
    assert titles(client) == ["Atelier CV"]  # a new installation: written at the first download
    first = sorted(path.name for path in on_disk.iterdir())
    assert len(first) == 2  # the folder and its mark
    publish_a_new_event("Café emploi")
    assert sorted(titles(client)) == ["Atelier CV", "Café emploi"]
    publish_a_new_event("Balade")
    # The current publication and the one before stay (downloads in progress); no empty folder.
    folders = sorted(path.name for path in on_disk.iterdir() if path.is_dir())
    assert len(folders) == 2 and first[0] not in folders
    assert all(
        sorted(path.name for path in (on_disk / folder).iterdir()) == sorted(STORED) for folder in folders
    )
    assert len(titles(client)) == 3


def test_a_new_publication_changes_the_etag(client, on_disk):
    EventFactory(title="Atelier CV")
    first = client.get("/donnees-ouvertes/evenements.csv")
    assert (
        client.get("/donnees-ouvertes/evenements.csv", headers={"if-none-match": first["ETag"]}).status_code
        == 304
    )
    publish_a_new_event("Café emploi")
    again = client.get("/donnees-ouvertes/evenements.csv", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "Café emploi" in again.getvalue().decode("utf-8-sig")


def test_nothing_written_when_the_agenda_did_not_change(client, on_disk):
    EventFactory(title="Atelier CV")
    publish()
    out = io.StringIO()
    call_command("publish_open_data", stdout=out)
    assert out.getvalue() == "Données ouvertes déjà à jour.\n"
    assert len([path for path in on_disk.iterdir() if path.is_dir()]) == 1


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    with servers.s3_server(tmp_path_factory.mktemp("s3"), BUCKET) as endpoint:
        yield endpoint


@pytest.fixture
def bucket(s3_endpoint):
    """The default storage is the bucket (as with AWS_STORAGE_BUCKET_NAME); yields a client."""
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": s3_endpoint,
        "region_name": servers.S3_REGION,
        "access_key": servers.S3_KEY_ID,
        "secret_key": servers.S3_SECRET,
        "location": "media",
        "file_overwrite": False,
    }
    storages = {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = servers.s3_client(s3_endpoint)
    with override_settings(STORAGES=storages):
        yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


def keys(s3):
    return sorted(item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_in_the_bucket_the_files_are_written_and_served_at_the_stable_addresses(client, bucket):
    EventFactory(title="Atelier CV")
    publish()
    stored = keys(bucket)
    assert len(stored) == 7
    assert all(key.startswith(f"media/{FOLDER}/") for key in stored)
    assert sorted(key.rsplit("/", 1)[1] for key in stored if key.count("/") == 3) == sorted(STORED)
    for name in FILES:
        response = client.get(f"/donnees-ouvertes/{name}")
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Atelier CV" in response.getvalue().decode("utf-8-sig")
    json_body = json.loads(client.get("/donnees-ouvertes/evenements.json").getvalue())
    assert json_body["licence"] == "Licence Ouverte 2.0"


def test_in_the_bucket_a_new_publication_replaces_the_old_ones(client, bucket):
    EventFactory(title="Atelier CV")
    publish()
    first = keys(bucket)
    publish_a_new_event("Café emploi")
    publish_a_new_event("Balade")
    now = keys(bucket)
    assert len(now) == 14  # the current publication and the one before
    assert not set(first) & set(now)
    assert sorted(titles(client)) == ["Atelier CV", "Balade", "Café emploi"]
    out = io.StringIO()
    call_command("publish_open_data", stdout=out)
    assert out.getvalue() == "Données ouvertes déjà à jour.\n"


def test_an_unfinished_publication_is_left_alone_for_an_hour(client, on_disk):
    """Another machine's run may still be writing it; an hour later it was interrupted."""
    EventFactory(title="Atelier CV")
    started = (timezone.now() - timedelta(minutes=10)).astimezone(UTC).strftime(VERSION_FORMAT)
    young = on_disk / f"{started}-aaaaaa"  # not yet marked: still being written
    old = on_disk / "20000101T000000000000Z-bbbbbb"
    for folder in (young, old):
        folder.mkdir(parents=True)
        (folder / "evenements.json").write_text("{}")
    publish()
    assert (young / "evenements.json").exists()
    assert not old.exists()
    assert titles(client) == ["Atelier CV"]
