"""The repetition of an event in the admin (issue 12, items 6 and 8): the same friendly fields as
the public proposal form (events.recurrence_fields), the same rule both ways, and an unusual rule
kept rather than lost."""

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from events.models import Event
from events.proposal_forms import ProposalForm
from events.recurrence_fields import REPEAT_FIELDS
from tests.events.test_admin import form_data
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # Thursday 26 November 2026
PROPOSE = "/agenda/proposer/"
REZE = "44143"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def change_url(event):
    return f"/admin/events/event/{event.pk}/change/"


def text(response):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def proposal(**changes):
    """A Tuesday afternoon café in Rezé, as a member types it in the public form."""
    data = {
        "title": "Café-emploi",
        "summary": "On relit son CV ensemble, autour d'un café.",
        "themes": ["emploi"],
        "description": "On relit les CV ensemble.",
        "start_date": "2026-12-08",
        "start_time": "14:00",
        "end_time": "16:30",
        "repeat": "",
        "place_name": "Maison de quartier",
        "commune_name": "Rezé",
        "organiser_name": "Association Entraide",
        "picture_alt": "",
        **changes,
    }
    return data


# Each supported pattern: what a person chooses (the same names in both forms), the day it starts.
PATTERNS = [
    pytest.param({"repeat": ""}, "2026-12-08", id="once"),
    pytest.param({"repeat": "weekly", "weekdays": ["TU"]}, "2026-12-08", id="every-tuesday"),
    pytest.param({"repeat": "weekly", "weekdays": ["TU", "TH"]}, "2026-12-08", id="tuesdays-and-thursdays"),
    pytest.param(
        {"repeat": "weekly", "weekdays": ["TU"], "repeat_count": "10"}, "2026-12-08", id="ten-times"
    ),
    pytest.param(
        {"repeat": "weekly", "weekdays": ["TU"], "repeat_until": "2027-06-29"}, "2026-12-08", id="until-june"
    ),
    pytest.param(
        {"repeat": "monthly", "month_rank": "2", "month_weekday": "WE"}, "2026-12-09", id="2nd-wednesday"
    ),
    pytest.param(
        {"repeat": "monthly", "month_rank": "1", "month_weekday": "SA"}, "2026-12-05", id="1st-saturday"
    ),
    pytest.param(
        {"repeat": "monthly", "month_rank": "-1", "month_weekday": "FR", "repeat_until": "2027-03-31"},
        "2026-12-25",
        id="last-friday-until-march",
    ),
]


def _public_rule(client, member, choices, start_date):
    client.force_login(member)
    response = client.post(PROPOSE, proposal(start_date=start_date, **choices))
    assert response.status_code == 302, text(response)
    return Event.objects.get()


@pytest.mark.parametrize(("choices", "start_date"), PATTERNS)
def test_the_admin_shows_the_public_form_s_rule_as_the_same_choices_and_gives_it_back(
    client, member, moderator, choices, start_date
):
    event = _public_rule(client, member, choices, start_date)
    public_rule = event.recurrence
    client.force_login(moderator)
    response = client.get(change_url(event))
    admin_form = response.context["adminform"].form
    public_form = ProposalForm(instance=event)
    for name in REPEAT_FIELDS:
        assert admin_form.initial.get(name) == public_form.initial.get(name), name
    assert "recurrence" not in admin_form.fields  # no raw FREQ=… text any more

    response = client.post(change_url(event), form_data(response))
    assert response.status_code == 302, text(response)
    event.refresh_from_db()
    assert event.recurrence == public_rule


@pytest.mark.parametrize(("choices", "start_date"), PATTERNS)
def test_the_same_choices_in_the_admin_make_the_same_rule_as_the_public_form(
    client, member, moderator, choices, start_date
):
    public_rule = _public_rule(client, member, choices, start_date).recurrence
    day = datetime.fromisoformat(start_date).replace(hour=14, tzinfo=PARIS)
    event = EventFactory(title="Une fois", insee=REZE, start=day)
    client.force_login(moderator)
    data = form_data(client.get(change_url(event)))
    data.update(choices)
    response = client.post(change_url(event), data)
    assert response.status_code == 302, text(response)
    event.refresh_from_db()
    assert event.recurrence == public_rule


def test_an_unusual_rule_is_kept_and_explained_in_french(client, moderator):
    rule = "FREQ=WEEKLY;BYDAY=TU;INTERVAL=2"
    event = EventFactory(title="Un mardi sur deux", insee=REZE, start=datetime(2026, 12, 8, 14, tzinfo=PARIS))
    Event.objects.filter(pk=event.pk).update(recurrence=rule)
    client.force_login(moderator)
    response = client.get(change_url(event))
    page = text(response)
    assert "Comme maintenant : un mardi sur deux" in page
    assert (
        "Cette répétition (« un mardi sur deux ») ne se règle pas avec les choix ci-dessous : elle "
        "est gardée telle quelle." in page
    )
    data = form_data(response)
    assert data["repeat"] == "keep"

    data["title"] = "Un mardi sur deux, à la médiathèque"
    assert client.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.recurrence) == ("Un mardi sur deux, à la médiathèque", rule)

    data["repeat"] = ""  # "Une seule fois": the referent chose to change it
    # The page opened again after saving (the form carries the saved values' fingerprint).
    data["edit_fingerprint"] = form_data(client.get(change_url(event)))["edit_fingerprint"]
    assert client.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.recurrence == ""


def test_days_that_do_not_match_the_start_get_a_french_message_beside_the_date(client, moderator):
    event = EventFactory(title="Chorale", insee=REZE, start=datetime(2026, 12, 8, 14, tzinfo=PARIS))
    client.force_login(moderator)
    data = form_data(client.get(change_url(event)))
    data.update(repeat="weekly", weekdays=["FR"])
    response = client.post(change_url(event), data)
    assert response.status_code == 200
    assert (
        "Avec cette répétition, la première rencontre serait le vendredi 11 décembre 2026. "
        "Mettez cette date, ou changez les jours choisis." in text(response)
    )
    event.refresh_from_db()
    assert event.recurrence == ""


def test_a_date_limit_before_the_start_is_refused(client, moderator):
    event = EventFactory(title="Chorale", insee=REZE, start=datetime(2026, 12, 8, 14, tzinfo=PARIS))
    client.force_login(moderator)
    data = form_data(client.get(change_url(event)))
    data.update(repeat="weekly", repeat_until="2026-12-01")
    response = client.post(change_url(event), data)
    assert response.status_code == 200
    assert "Ce jour est avant la date de la rencontre. Choisissez un jour après." in text(response)
