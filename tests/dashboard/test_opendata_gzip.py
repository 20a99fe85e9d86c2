"""The open-data files of the events go out as the gzip copy written beside each one at its
publication, to a client that accepts gzip: files of megabytes are not compressed again on each
download (issue 18). The bytes unpacked are the file's own, and conditional requests still 304."""

import gzip
import io
from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from dashboard.opendata_files import current_version, packed_name
from events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
FILES = ("evenements.json", "evenements.csv", "evenements.ics")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def published(alice):
    EventFactory(title="Atelier CV", themes=["emploi"], organiser_name="Alice Personne", proposed_by=alice)
    call_command("publish_open_data", "--force", stdout=io.StringIO())


def download(client, name, **headers):
    return client.get(f"/donnees-ouvertes/{name}", **headers)


@pytest.mark.parametrize("name", FILES)
def test_a_client_accepting_gzip_gets_the_copy_that_unpacks_to_the_file(client, published, name):
    plain = download(client, name)
    packed = download(client, name, HTTP_ACCEPT_ENCODING="gzip, deflate")
    body, plain_body = packed.getvalue(), plain.getvalue()  # streamed: read once
    assert packed["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain
    assert gzip.decompress(body) == plain_body
    assert int(packed["Content-Length"]) == len(body) < int(plain["Content-Length"])
    assert int(plain["Content-Length"]) == len(plain_body)
    for response in (plain, packed):
        assert "Accept-Encoding" in response["Vary"]
        assert response["Content-Disposition"] == f'inline; filename="{name}"'
        assert response["Access-Control-Allow-Origin"] == "*"
    assert packed["Content-Type"] == plain["Content-Type"]
    # The same version in another encoding: the same validator, weak.
    assert packed["ETag"] == f"W/{plain['ETag']}"
    assert packed["Last-Modified"] == plain["Last-Modified"]


@pytest.mark.parametrize("encoding", [None, "identity", "deflate", "br"])
def test_no_gzip_for_a_client_that_does_not_accept_it(client, published, encoding):
    headers = {"HTTP_ACCEPT_ENCODING": encoding} if encoding else {}
    response = download(client, "evenements.csv", **headers)
    assert "Content-Encoding" not in response
    assert "Atelier CV" in response.getvalue().decode("utf-8-sig")


@pytest.mark.parametrize("name", FILES)
def test_a_conditional_request_answers_304_with_either_validator(client, published, name):
    plain = download(client, name)
    packed = download(client, name, HTTP_ACCEPT_ENCODING="gzip")
    for etag in (plain["ETag"], packed["ETag"]):
        for encoding in ("gzip", ""):
            again = download(client, name, HTTP_ACCEPT_ENCODING=encoding, HTTP_IF_NONE_MATCH=etag)
            assert again.status_code == 304
    since = download(
        client, name, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_MODIFIED_SINCE=packed["Last-Modified"]
    )
    assert since.status_code == 304


def test_a_publication_without_gzip_copies_is_served_as_it_is(client, published):
    """Written by an earlier release: the plain file, even to a client that accepts gzip."""
    version = current_version()
    for name in FILES:
        default_storage.delete(packed_name(version, name))
    response = download(client, "evenements.json", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in response
    assert "Atelier CV" in response.getvalue().decode()


def test_the_next_publication_is_in_the_gzip_copies_too(client, published):
    first = download(client, "evenements.ics", HTTP_ACCEPT_ENCODING="gzip")
    event = EventFactory(title="Café emploi", status=Event.Status.PROPOSED)
    event.status = Event.Status.PUBLISHED
    event.save()
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        call_command("publish_open_data", stdout=io.StringIO())
    for name in FILES:
        response = download(client, name, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
        assert response.status_code == 200
        assert "Café emploi" in gzip.decompress(response.getvalue()).decode("utf-8-sig")


def test_nothing_personal_in_the_gzip_copies(client, published, alice):
    for name in FILES:
        body = gzip.decompress(download(client, name, HTTP_ACCEPT_ENCODING="gzip").getvalue()).decode(
            "utf-8-sig"
        )
        assert "Atelier CV" in body
        assert "Alice Personne" not in body and alice.email not in body
