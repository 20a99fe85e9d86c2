"""Open data: the published events as schema.org JSON, CSV and iCalendar, the referents directory;
valid files, stable addresses, the licence, and no member's name or e-mail."""

import csv
import io
import json

import icalendar
import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import Event, Participation
from referents.models import Referent
from tests.conftest import CAP_ATLANTIQUE
from tests.factories import EventFactory
from tests.factories.referents import ReferentFactory

REQUIRED = ("@context", "@type", "name", "startDate", "location", "url")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """The files on disk, in a folder of this test's own (tests/dashboard/test_opendata_s3.py: S3)."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def published(db, alice):
    event = EventFactory(
        themes=["emploi"],
        title="Atelier CV",
        step_free=True,
        welcomer_name="Martine Dupont",
        organiser_name="Alice Personne",
        proposed_by=alice,
    )
    Participation.objects.create(occurrence=event.occurrences.get(), user=alice)
    EventFactory(title="Pas encore relu", status=Event.Status.PROPOSED)
    ReferentFactory(public_name="Claire", kind=Referent.Kind.TERRITORY, sirens=[CAP_ATLANTIQUE])
    return event


def test_the_page_explains_fields_licence_and_addresses(client, db):
    response = client.get("/donnees-ouvertes/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Licence Ouverte 2.0" in html
    for address in ("evenements.json", "evenements.csv", "evenements.ics", "referents.json", "referents.csv"):
        assert f"/donnees-ouvertes/{address}" in html
    assert "code_insee" in html and "siren_intercommunalite" in html
    assert "mis à jour" in html


def test_the_json_follows_schema_org(client, published):
    response = client.get("/donnees-ouvertes/evenements.json")
    body = response.getvalue()
    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(body)
    assert document["licence"] == "Licence Ouverte 2.0"
    assert [item["name"] for item in document["donnees"]] == ["Atelier CV"]
    event = document["donnees"][0]
    for field in REQUIRED:
        assert event[field], field
    assert event["@type"] == "Event"
    assert event["about"] == [{"@type": "Thing", "name": "Emploi"}]
    commune = event["location"]["containedInPlace"]
    assert commune["identifier"]["value"] == "44109"
    assert commune["containedInPlace"]["identifier"]["value"] == "244400404"
    features = {item["name"]: item["value"] for item in event["location"]["amenityFeature"]}
    assert features["Une personne pour accueillir"] is True
    assert any(value for name, value in features.items() if "plain-pied" in name.lower())


def test_the_csv_has_the_same_columns(client, published):
    response = client.get("/donnees-ouvertes/evenements.csv")
    body = response.getvalue()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1
    row = rows[0]
    assert row["titre"] == "Atelier CV"
    assert row["code_insee"] == "44109"
    assert row["siren_intercommunalite"] == "244400404"
    assert row["themes"] == "Emploi"
    assert row["accessibilite_plain_pied"] == "oui"
    assert row["personne_pour_accueillir"] == "oui"
    assert "," in row["latitude"] and "." not in row["latitude"]


def test_one_icalendar_of_everything(client, published):
    response = client.get("/donnees-ouvertes/evenements.ics")
    body = response.getvalue()
    calendar = icalendar.Calendar.from_ical(body)
    assert [str(item["summary"]) for item in calendar.walk("VEVENT")] == ["Atelier CV"]


def test_the_referents_directory(client, published):
    document = json.loads(client.get("/donnees-ouvertes/referents.json").content)
    assert [item["nom_affiche"] for item in document["donnees"]] == ["Claire"]
    assert document["donnees"][0]["sirens_intercommunalites"] == CAP_ATLANTIQUE
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/donnees-ouvertes/referents.csv").content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert [row["nom_affiche"] for row in rows] == ["Claire"]


def test_no_personal_data(client, published, alice):
    referent = Referent.objects.get()
    names = [alice.email, alice.username, "Alice", "Martine Dupont", referent.user.email]
    for address in ("evenements.json", "evenements.csv", "evenements.ics", "referents.json", "referents.csv"):
        body = client.get(f"/donnees-ouvertes/{address}").getvalue().decode("utf-8-sig")
        for name in names:
            assert name not in body, (address, name)


def test_a_publication_is_in_the_next_files(client, published):
    assert len(json.loads(client.get("/donnees-ouvertes/evenements.json").getvalue())["donnees"]) == 1
    out = io.StringIO()
    call_command("publish_open_data", stdout=out)
    assert out.getvalue() == "Données ouvertes déjà à jour.\n"
    event = Event.objects.get(title="Pas encore relu")
    event.status = Event.Status.PUBLISHED
    event.save()
    call_command("publish_open_data", stdout=out)
    assert "Données ouvertes écrites" in out.getvalue()
    for address in ("evenements.json", "evenements.csv", "evenements.ics"):
        assert "Pas encore relu" in client.get(f"/donnees-ouvertes/{address}").getvalue().decode()


def test_a_conditional_get_answers_not_modified(client, published):
    first = client.get("/donnees-ouvertes/evenements.csv")
    again = client.get("/donnees-ouvertes/evenements.csv", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert first["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("size", [1, 5])
def test_a_constant_number_of_queries(client, db, size, django_assert_num_queries):
    for index in range(size):
        EventFactory(themes=["emploi", "solidarite"])
        ReferentFactory(public_name=f"Référent {index}")
    # For each of the three files: the events, their thèmes (the agenda's stamp is a cache read).
    # The feeds' VEVENT texts are the events app's own job (tests/events/test_feed_texts_job.py).
    with django_assert_num_queries(6):
        call_command("publish_open_data", stdout=io.StringIO())
    with django_assert_num_queries(0):
        for address in ("evenements.json", "evenements.csv", "evenements.ics"):
            assert client.get(f"/donnees-ouvertes/{address}").status_code == 200
    # Referents: referents, scopes' thèmes, territories, permanences.
    with django_assert_num_queries(4):
        assert client.get("/donnees-ouvertes/referents.json").status_code == 200
    assert reverse("opendata:events-json") == "/donnees-ouvertes/evenements.json"
