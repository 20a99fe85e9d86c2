"""An event's "En bref" (issue 17, item 2): required and limited in the proposal form and the admin,
with a readability hint that never blocks; made from the presentation for the events written before
it (data migration) and for imported ones; shown in the agenda, the printed programmes, the
calendars and the JSON-LD, at the same cost in queries."""

import html
import importlib
import io
import json
import re
from datetime import datetime

import pytest
import time_machine
from django.apps import apps
from django.contrib.messages import get_messages
from django.core.cache import cache
from pypdf import PdfReader

from events.importers import import_calendar
from events.models import Event
from tests.conftest import NANTES_METROPOLE
from tests.events.test_admin import change_url, form_data
from tests.events.test_proposals import field_errors, proposal
from tests.factories import PARIS, EventFactory, next_local
from tousvoisins.models import Commune, Theme

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)
PROPOSE = "/agenda/proposer/"
HARD = (
    "Dans le cadre de la mutualisation des moyens de l'EPCI, la dématérialisation des démarches permet "
    "aux usagers de réaliser leurs formalités en ligne sans se déplacer."
)
PLAIN = "On tricote ensemble autour d'un café. Débutants bienvenus, la laine est prêtée."


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def text(response):
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def textarea(response, name):
    found = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', response.content.decode(), re.S)
    return html.unescape(found.group(1).strip("\n")) if found else None


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# The proposal form ------------------------------------------------------------------------------


def test_the_proposal_form_asks_for_en_bref_and_keeps_what_was_typed(client, member):
    client.force_login(member)
    page = text(client.get(PROPOSE))
    assert "En bref (obligatoire)" in page
    assert "Par exemple : « On tricote ensemble autour d'un café." in page

    response = client.post(PROPOSE, proposal(summary=""))
    assert response.status_code == 200
    assert (
        field_errors(response, "summary") == "Écrivez en une ou deux phrases ce qu'on fait à cette rencontre."
    )
    assert textarea(response, "description") == "On relit les **CV** ensemble."
    assert not Event.objects.exists()


def test_en_bref_is_limited_to_200_characters_and_the_text_is_kept(client, member):
    client.force_login(member)
    too_long = "On parle de tout. " * 14  # 252 characters
    response = client.post(PROPOSE, proposal(summary=too_long))
    assert response.status_code == 200
    assert field_errors(response, "summary") == (
        "Écrivez 200 caractères au plus : votre texte en a 251. Gardez une ou deux phrases courtes ; "
        "les détails vont plus bas."
    )
    assert textarea(response, "summary").strip() == too_long.strip()
    assert 'maxlength="200"' in response.content.decode()
    assert not Event.objects.exists()


def test_relire_mon_texte_shows_the_hints_sends_nothing_and_says_no_error_yet(client, member):
    client.force_login(member)
    response = client.post(PROPOSE, {"title": "Démarches", "summary": HARD, "relire": "1"})
    assert response.status_code == 200
    page = text(response)
    assert "3 conseils pour un texte facile à lire" in page
    assert "Rien n'est encore envoyé." in page
    assert "La phrase « Dans le cadre de la mutualisation… » a 26 mots." in page
    assert "« mutualisation », « dématérialisation »" in page
    assert "Un sigle : « EPCI »." in page
    # No error for what is not filled in yet; what was typed stays.
    assert "à corriger" not in page
    assert not response.context["form"].errors
    assert textarea(response, "summary") == HARD
    assert 'aria-describedby="id_summary_helptext id_summary_hints"' in response.content.decode()
    assert not Event.objects.exists()


def test_relire_mon_texte_says_when_the_text_reads_well(client, member):
    client.force_login(member)
    response = client.post(PROPOSE, proposal(summary=PLAIN, relire="1"))
    assert "Votre texte se lit bien" in text(response)
    assert not Event.objects.exists()


def test_the_hint_never_blocks_a_proposal_and_comes_back_after_sending(client, member):
    client.force_login(member)
    response = client.post(PROPOSE, proposal(summary=HARD), follow=True)
    event = Event.objects.get()
    assert event.summary == HARD
    assert event.status == Event.Status.PROPOSED
    hints = [message for message in messages_of(response) if message.startswith("Conseils")]
    assert len(hints) == 1
    assert "En bref : La phrase « Dans le cadre de la mutualisation… » a 26 mots." in hints[0]
    assert "Un sigle : « EPCI »." in hints[0]


def test_a_form_sent_with_errors_shows_the_hints_after_their_field(client, member):
    client.force_login(member)
    response = client.post(PROPOSE, proposal(summary=HARD, place_name=""))
    content = html.unescape(response.content.decode())
    field = content.index('name="summary"')
    assert content.index('id="id_summary_hints"') > field
    assert "Conseil pour un texte facile à lire" in content
    assert "1 erreur à corriger" in text(response)  # the hint is not counted as an error


def test_a_plain_summary_gets_no_hint_message(client, member):
    client.force_login(member)
    response = client.post(PROPOSE, proposal(summary=PLAIN), follow=True)
    assert Event.objects.get().summary == PLAIN
    assert not [message for message in messages_of(response) if message.startswith("Conseils")]


# The admin --------------------------------------------------------------------------------------


def test_the_admin_requires_en_bref_and_warns_after_saving_a_hard_one(client, nantes_referent):
    event = EventFactory(insee="44143", themes=["emploi"], start=next_local(days=5))
    client.force_login(nantes_referent)
    data = form_data(client.get(change_url(event)))
    assert data["summary"] == event.summary

    data["summary"] = ""
    response = client.post(change_url(event), data)
    assert response.status_code == 200
    assert "Écrivez en une ou deux phrases ce qu'on fait à cette rencontre." in text(response)

    data["summary"] = HARD
    response = client.post(change_url(event), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.summary == HARD
    warnings = [message for message in messages_of(response) if "facile à lire" in message]
    assert warnings == [
        "Enregistré. Un conseil pour que « En bref » soit facile à lire : La phrase « Dans le cadre de la "
        "mutualisation… » a 26 mots. Essayez de la couper en deux : 20 mots au plus par phrase, c'est plus "
        "facile à lire. Des mots peu courants : « mutualisation », « dématérialisation ». Si vous pouvez, "
        "dites-le avec des mots de tous les jours. Un sigle : « EPCI ». Écrivez-le en toutes lettres, ou "
        "dites ce qu'il veut dire."
    ]


def test_the_admin_shows_the_hint_under_the_field_when_the_form_comes_back(client, moderator):
    event = EventFactory(start=next_local(days=5))
    client.force_login(moderator)
    data = form_data(client.get(change_url(event)))
    data.update(summary=HARD, title="")
    response = client.post(change_url(event), data)
    assert response.status_code == 200
    assert "Conseil pour un texte facile à lire (n'empêche pas d'enregistrer)" in text(response)


def test_a_referent_out_of_scope_cannot_reach_the_summary(client, cap_referent):
    event = EventFactory(insee="44143", themes=["emploi"], start=next_local(days=5))
    client.force_login(cap_referent)
    response = client.post(change_url(event), {"summary": "Changé par quelqu'un d'autre."})
    assert response.status_code in (302, 403, 404)
    event.refresh_from_db()
    assert event.summary != "Changé par quelqu'un d'autre."


# Where it is shown -------------------------------------------------------------------------------


@pytest.mark.parametrize("events", [2, 8])
def test_the_agenda_list_shows_it_at_the_same_cost(client, django_assert_num_queries, events):
    for day in range(events):
        EventFactory(summary=f"En bref numéro {day}.", start=next_local(days=day + 1))
    # The same six queries as without it (tests/events/test_pages.py: a cold list reads the events
    # of its rows in a query of their own, issue 18): it is a column of the event.
    with django_assert_num_queries(6):
        response = client.get("/agenda/")
    page = text(response)
    assert all(f"En bref numéro {day}." in page for day in range(events))


def test_the_detail_page_shows_it_first_and_in_its_description(client):
    event = EventFactory(summary=PLAIN, start=next_local(days=3))
    response = client.get(event.get_absolute_url())
    content = html.unescape(response.content.decode())
    assert f'<p class="lead event__summary">{PLAIN}</p>' in content
    assert re.search(r'<meta name="description" content="([^"]*)"', content).group(1).startswith(PLAIN)
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1)
    )
    assert data["description"].startswith(f"{PLAIN}\n\nUn moment pour se rencontrer")


def test_the_home_page_shows_it(client):
    EventFactory(summary=PLAIN, start=next_local(days=2))
    assert PLAIN in text(client.get("/"))


def test_the_printed_programmes_show_it(client, django_assert_num_queries):
    EventFactory(summary=PLAIN, start=next_local(days=2))
    with django_assert_num_queries(3):  # as before (tests/events/test_print.py)
        assert PLAIN in text(client.get(f"/agenda/imprimer/{NANTES_METROPOLE}/"))
    assert PLAIN in text(client.get(f"/agenda/imprimer/{NANTES_METROPOLE}/gros-caracteres/"))
    pdf = client.get(f"/agenda/imprimer/{NANTES_METROPOLE}/gros-caracteres.pdf")
    words = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "On tricote ensemble autour d'un café." in words.replace("’", "'")


def test_calendars_read_it_first(client):
    event = EventFactory(summary=PLAIN, description="Apportez vos **aiguilles**.", start=next_local(days=2))
    content = client.get(event.get_ical_url()).content.decode()
    unfolded = content.replace("\r\n ", "")
    description = re.search(r"^DESCRIPTION:(.*)$", unfolded, re.M).group(1)
    assert description.startswith(f"{PLAIN}\\n\\nApportez vos aiguilles.".replace(",", "\\,"))


# Events written before it, and imported ones ---------------------------------------------------


def test_the_data_migration_fills_it_from_the_first_sentence_or_the_title(db):
    with_text = EventFactory(description="Un café pour parler emploi. Venez comme vous êtes.\n\n- CV")
    long_text = EventFactory(description="On y parle " + "de tout et de rien, " * 20 + "puis on rentre.")
    without = EventFactory(title="Chorale", description="")
    Event.objects.update(summary="")
    migration = importlib.import_module("events.migrations.0012_event_summary")
    migration.fill_summaries(apps, None)

    with_text.refresh_from_db()
    long_text.refresh_from_db()
    without.refresh_from_db()
    assert with_text.summary == "Un café pour parler emploi."
    assert len(long_text.summary) <= 200
    assert long_text.summary.endswith("tout…")
    assert without.summary == "Chorale"


ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Médiathèque//FR
BEGIN:VEVENT
UID:conte@mediatheque.test
DTSTAMP:20261120T100000Z
DTSTART:20261209T140000Z
DTEND:20261209T150000Z
SUMMARY:Heure du conte
DESCRIPTION:{description}
LOCATION:Médiathèque
END:VEVENT
END:VCALENDAR
"""


def import_feed(description):
    return import_calendar(
        ICS.format(description=description),
        default_themes=list(Theme.objects.filter(slug="loisirs-culture-sport")),
        default_commune=Commune.objects.get(insee="44162"),
    )


def test_an_imported_event_gets_it_from_its_description_until_a_referent_writes_one(db):
    import_feed("Des histoires pour les petits. Entrée libre.")
    event = Event.objects.get(external_uid="conte@mediatheque.test")
    assert event.summary == "Des histoires pour les petits."

    import_feed("Des contes pour les enfants de 3 à 6 ans. Entrée libre.")
    event.refresh_from_db()
    assert event.summary == "Des contes pour les enfants de 3 à 6 ans."

    Event.objects.filter(pk=event.pk).update(summary="On écoute des histoires. Pour les petits.")
    import_feed("Des contes pour les enfants de 3 à 7 ans. Entrée libre.")
    event.refresh_from_db()
    assert event.description.startswith("Des contes pour les enfants de 3 à 7 ans.")
    assert event.summary == "On écoute des histoires. Pour les petits."


def test_an_imported_event_without_description_takes_its_title(db):
    import_feed("")
    assert Event.objects.get(external_uid="conte@mediatheque.test").summary == "Heure du conte"


def test_every_demo_event_has_a_plain_summary():
    from events.demo import EVENTS
    from tousvoisins.readability import readability_hints

    for demo in EVENTS:
        assert 0 < len(demo.summary) <= 200, demo.title
        assert readability_hints(demo.summary) == [], demo.title


def test_relire_mon_texte_does_not_count_in_the_rate_limit(client, member):
    client.force_login(member)
    for _ in range(12):
        assert client.post(PROPOSE, proposal(summary=HARD, relire="1")).status_code == 200
    assert client.post(PROPOSE, proposal(summary=HARD)).status_code == 302
