"""The open-data files as served are the files as built: the referents' files kept under their
stamp (tousvoisins.fragments) hold what a fresh build holds and follow every change, and the event
files stream the published bytes unchanged."""

import gzip
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from accounts.models import User
from dashboard import opendata
from dashboard.opendata_files import current_version, file_name
from referents.models import Referent
from tests.conftest import CAP_ATLANTIQUE
from tests.factories import EventFactory
from tests.factories.referents import PermanenceFactory, ReferentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def referents(db):
    claire = ReferentFactory(public_name="Claire", kind=Referent.Kind.TERRITORY, sirens=[CAP_ATLANTIQUE])
    PermanenceFactory(referent=claire, insee="44069")
    hugo = ReferentFactory(public_name="Hugo", themes=["emploi", "logement"], phone="02 40 00 00 00")
    return claire, hugo


def _without_date(body):
    document = json.loads(body)
    document.pop("genere_le")
    return document


def _fresh(builder):
    return builder(list(opendata._referents()))


def test_the_kept_referents_files_are_what_a_fresh_build_gives(client, referents):
    first = client.get("/donnees-ouvertes/referents.json")
    again = client.get("/donnees-ouvertes/referents.json")
    csv_first = client.get("/donnees-ouvertes/referents.csv")
    csv_again = client.get("/donnees-ouvertes/referents.csv")

    assert first.content == again.content
    assert first["ETag"] == again["ETag"]
    assert _without_date(first.content) == _without_date(_fresh(opendata.referents_json_bytes))
    assert csv_first.content == csv_again.content == _fresh(opendata.referents_csv_bytes)
    assert csv_first["Content-Disposition"] == 'inline; filename="referents.csv"'
    # A reader asking again with the ETag gets a 304.
    unchanged = client.get("/donnees-ouvertes/referents.json", headers={"if-none-match": first["ETag"]})
    assert unchanged.status_code == 304


def test_the_referents_files_follow_an_edit_and_a_closed_account(client, referents):
    claire, hugo = referents
    client.get("/donnees-ouvertes/referents.json")
    client.get("/donnees-ouvertes/referents.csv")

    hugo.structure = "France services de Blain"
    hugo.save()
    edited = client.get("/donnees-ouvertes/referents.json").content.decode()
    assert "France services de Blain" in edited
    assert "France services de Blain" in client.get("/donnees-ouvertes/referents.csv").content.decode()

    # No stamp changes when an account is closed this way: who is active is read each time.
    User.objects.filter(pk=claire.user_id).update(is_active=False)
    names = [
        row["nom_affiche"]
        for row in json.loads(client.get("/donnees-ouvertes/referents.json").content)["donnees"]
    ]
    assert names == ["Hugo"]
    assert "Claire" not in client.get("/donnees-ouvertes/referents.csv").content.decode()

    User.objects.filter(pk=claire.user_id).update(is_active=True)
    names = [
        row["nom_affiche"]
        for row in json.loads(client.get("/donnees-ouvertes/referents.json").content)["donnees"]
    ]
    assert names == ["Claire", "Hugo"]


def test_the_event_files_stream_the_published_bytes(client, db):
    for index in range(3):
        EventFactory(themes=["emploi"], title=f"Atelier {index}")
    call_command("publish_open_data")
    version = current_version()

    for name in ("evenements.json", "evenements.csv", "evenements.ics"):
        response = client.get(f"/donnees-ouvertes/{name}")
        with default_storage.open(file_name(version, name), "rb") as stored:
            assert b"".join(response.streaming_content) == stored.read(), name


@pytest.mark.parametrize("size", [1, 5])
def test_the_referents_file_makes_one_query_once_kept(client, db, size, django_assert_num_queries):
    for index in range(size):
        PermanenceFactory(referent=ReferentFactory(public_name=f"Référent {index}"))
    # Built: 1 referents with their account and scope, 2 thèmes, 3 intercommunalités,
    # 4 permanences. Kept: 1 who is active.
    with django_assert_num_queries(4):
        client.get("/donnees-ouvertes/referents.json")
    with django_assert_num_queries(1):
        response = client.get("/donnees-ouvertes/referents.json")
    assert len(json.loads(response.content)["donnees"]) == size


@pytest.mark.parametrize("address", ["referents.json", "referents.csv"])
def test_the_referents_files_go_out_compressed_once_and_answer_a_304(client, referents, address):
    plain = client.get(f"/donnees-ouvertes/{address}", HTTP_ACCEPT_ENCODING="identity")
    packed = client.get(f"/donnees-ouvertes/{address}", HTTP_ACCEPT_ENCODING="gzip, deflate")

    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content  # the same file, compressed
    assert packed["ETag"] == f"W/{plain['ETag']}" and "Accept-Encoding" in packed["Vary"]
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
    again = client.get(
        f"/donnees-ouvertes/{address}", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"]
    )
    assert again.status_code == 304 and again["ETag"] == packed["ETag"]


def test_who_is_active_is_the_same_digest_in_the_database_and_in_python(referents):
    claire, hugo = referents

    assert opendata._who() == opendata._who_of([hugo.pk, claire.pk])
    hugo.user.is_active = False
    hugo.user.save()
    assert opendata._who() == opendata._who_of([claire.pk])
