"""The Event model: its rules in the database and in clean(), and where an event is."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from events.models import Event
from events.services import event_save
from tests.conftest import CARENE, NANTES_METROPOLE
from tests.factories import EventFactory
from tousvoisins.models import Commune, Theme
from tousvoisins.places import locate_event

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
SAINT_NAZAIRE_PORT = Point(-2.2050, 47.2730, srid=4326)
PARIS_NOTRE_DAME = Point(2.3499, 48.8530, srid=4326)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(datetime(2026, 11, 26, 10, tzinfo=PARIS), tick=False):
        yield


def new_event(**fields):
    """An unsaved event with everything a person must give."""
    values = {
        "title": "Café-emploi",
        "summary": "On relit son CV ensemble, autour d'un café.",
        "start": datetime(2026, 12, 1, 14, tzinfo=PARIS),
        "end": datetime(2026, 12, 1, 16, tzinfo=PARIS),
        "place_name": "Médiathèque",
        "commune": Commune.objects.get(insee="44109"),
        "organiser_name": "Association Entraide",
        "status": Event.Status.PUBLISHED,
    }
    values.update(fields)
    return Event(**values)


def errors_of(event):
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    return error.value.message_dict


def test_it_refuses_an_end_before_the_start_in_french():
    event = new_event(end=datetime(2026, 12, 1, 13, tzinfo=PARIS))
    assert errors_of(event)["end"] == ["La fin doit être après le début."]


def test_the_database_refuses_an_end_before_the_start_too():
    event = EventFactory()
    with pytest.raises(IntegrityError):
        Event.objects.filter(pk=event.pk).update(end=event.start - timedelta(hours=1))


def test_it_refuses_an_event_longer_than_a_month():
    event = new_event(end=datetime(2027, 1, 15, 16, tzinfo=PARIS))
    assert "au plus 31 jours" in errors_of(event)["end"][0]


def test_an_external_uid_is_unique_per_source_but_blank_ones_are_not():
    EventFactory(source=Event.Source.IMPORTED, external_uid="abc@agenda.exemple.fr")
    EventFactory(external_uid="")
    EventFactory(external_uid="")
    with pytest.raises(IntegrityError):
        EventFactory(source=Event.Source.IMPORTED, external_uid="abc@agenda.exemple.fr")


def test_it_takes_the_commune_and_its_intercommunalite_from_the_point():
    # The commune typed says Nantes, but the point on the map is in Saint-Nazaire: the point wins.
    event = new_event(point=SAINT_NAZAIRE_PORT)
    event.full_clean()
    assert event.commune.insee == "44184"
    assert event.intercommunalite.siren == CARENE


def test_without_a_point_the_event_is_at_the_centre_of_its_commune():
    event = new_event()
    locate_event(event, geocode=False)
    nantes = Commune.objects.get(insee="44109")
    assert event.point.equals(nantes.centre)
    assert event.intercommunalite.siren == NANTES_METROPOLE


def test_it_refuses_a_point_outside_loire_atlantique():
    event = new_event(point=PARIS_NOTRE_DAME)
    assert "n'est pas en Loire-Atlantique" in errors_of(event)["point"][0]


def test_it_asks_for_a_commune_when_there_is_no_point():
    event = new_event(commune=None)
    assert errors_of(event)["commune"] == ["Choisissez la commune où a lieu l'événement."]


def test_an_all_day_event_runs_from_midnight_to_midnight_after_its_last_day():
    event = new_event(
        all_day=True,
        start=datetime(2026, 12, 5, 9, tzinfo=PARIS),
        end=datetime(2026, 12, 6, 18, tzinfo=PARIS),
    )
    event.full_clean()
    assert event.start == datetime(2026, 12, 5, tzinfo=PARIS)
    assert event.end == datetime(2026, 12, 7, tzinfo=PARIS)
    assert event.when_in_words == "du samedi 5 au dimanche 6 décembre 2026"


def test_it_keeps_a_recurrence_rule_in_its_standard_form():
    event = new_event(recurrence="rrule:freq=weekly;byday=tu;until=20270629")
    event.full_clean()
    assert event.recurrence == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T215959Z"
    assert event.recurrence_in_words == "tous les mardis, jusqu'au 29 juin 2027"


def test_it_refuses_a_rule_that_does_not_start_on_the_start_date():
    event = new_event(recurrence="FREQ=WEEKLY;BYDAY=WE")  # 1 December 2026 is a Tuesday
    assert "première date de la répétition" in errors_of(event)["recurrence"][0]


def test_a_refusal_or_a_cancellation_needs_a_reason():
    assert "pourquoi" in errors_of(new_event(status=Event.Status.CANCELLED))["status_reason"][0]
    new_event(status=Event.Status.CANCELLED, status_reason="Salle indisponible.").full_clean()


def test_an_imported_event_keeps_its_external_uid():
    event = new_event(source=Event.Source.IMPORTED)
    assert "identifiant d'origine" in errors_of(event)["external_uid"][0]


def test_saving_needs_at_least_one_theme():
    with pytest.raises(ValidationError) as error:
        event_save(event=new_event(), themes=[])
    assert error.value.message_dict["themes"] == ["Choisissez au moins un thème."]
    assert not Event.objects.exists()


def test_saving_places_the_event_and_creates_its_date():
    event = new_event(commune=Commune.objects.get(insee="44184"))
    event_save(event=event, themes=Theme.objects.filter(slug="emploi"))
    event.refresh_from_db()
    assert event.intercommunalite.siren == CARENE
    assert event.slug == "cafe-emploi"
    assert [theme.slug for theme in event.themes.all()] == ["emploi"]
    assert event.occurrences.count() == 1


def test_the_description_is_markdown_shown_as_safe_html():
    event = new_event(
        description="Venez **nombreux**.\n\n<script>alert('x')</script>\n\n[Le site](javascript:alert(1))"
    )
    assert "<strong>nombreux</strong>" in event.description_html
    assert "<script" not in event.description_html
    assert "javascript:" not in event.description_html
    assert event.description_text.startswith("Venez nombreux.")


def test_the_slug_follows_the_title():
    event = EventFactory(title="Fête du vélo à Saint-Nazaire !")
    assert event.slug == "fete-du-velo-a-saint-nazaire"
    assert event.get_absolute_url() == f"/agenda/{event.pk}-fete-du-velo-a-saint-nazaire/"
