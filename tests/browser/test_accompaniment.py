""" "J'aimerais être accompagné(e)" in a real browser: axe-core on the request form (empty and with
its errors), on the event page with a request and on the organiser's page; and a request made
with the keyboard only (issue 12, items 2 and 8)."""

import pytest
from playwright.sync_api import expect

from events.models import AccompanimentRequest, Participation
from tests.conftest import make_user
from tests.factories import EventFactory, next_local

from .browsing import focused, sign_in, tab_until
from .test_events import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def organiser(reference_data_restored):
    return make_user("olga")


@pytest.fixture
def chorale(organiser):
    return EventFactory(title="Chorale", start=next_local(days=4, hour=18), proposed_by=organiser)


@pytest.fixture
def coming(browser_member, chorale):
    """The member comes to the Chorale's date."""
    return Participation.objects.create(occurrence=chorale.occurrences.get(), user=browser_member)


def form_path(event, occurrence):
    return f"{event.get_absolute_url()}accompagnement/demander/?date={occurrence.pk}"


def test_the_request_form_is_accessible_empty_and_with_errors(
    page, browser_member, chorale, coming, console_messages, failed_responses
):
    sign_in(page, browser_member)
    page.goto(form_path(chorale, coming.occurrence))
    assert_accessible(page, "J'aimerais être accompagné(e)", console_messages, failed_responses)

    page.locator("#id_note").fill("x" * 300)
    page.locator("#id_note").evaluate("field => { field.removeAttribute('maxlength'); field.value += 'yz'; }")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.locator("#id_kind_error")).to_contain_text("Choisissez ce qui vous aiderait.")
    expect(page.locator("#id_note_error")).to_contain_text("Votre mot est trop long")
    assert_accessible(page, "Erreur — J'aimerais être accompagné(e)", console_messages, failed_responses)


def test_the_event_page_and_the_organiser_s_page_are_accessible_with_a_request(
    page, browser_member, organiser, chorale, coming, console_messages, failed_responses
):
    AccompanimentRequest.objects.create(
        occurrence=coming.occurrence, participation=coming, kind="voiture", note="Je marche lentement."
    )
    helper = make_user("bob")
    Participation.objects.create(occurrence=coming.occurrence, user=helper)
    sign_in(page, helper)
    page.goto(chorale.get_absolute_url())
    expect(page.locator("main")).to_contain_text("1 personne aimerait être accompagnée.")
    assert_accessible(page, "Chorale", console_messages, failed_responses)

    page.context.clear_cookies()
    sign_in(page, organiser)
    page.goto(f"{chorale.get_absolute_url()}accompagnement/")
    expect(page.locator("main")).to_contain_text("aimerait : un trajet en voiture.")
    assert_accessible(page, "Demandes d'accompagnement", console_messages, failed_responses)


def test_a_member_asks_to_be_accompanied_with_the_keyboard_only(page, browser_member, chorale, coming):
    sign_in(page, browser_member)
    page.goto(chorale.get_absolute_url())
    link = tab_until(
        page, lambda element: element["text"].startswith("J'aimerais être accompagné(e)"), max_presses=80
    )
    assert link, "no link to ask to be accompanied by Tab"
    page.keyboard.press("Enter")
    page.wait_for_url("**/accompagnement/demander/**")

    radio = tab_until(page, lambda element: element["name"] == "kind")
    assert radio, "the choices are not reached by Tab"
    page.keyboard.press("ArrowDown")  # a group of radio buttons: the arrows choose
    page.keyboard.press("ArrowDown")
    assert focused(page)["name"] == "kind"
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "note"
    page.keyboard.type("Je pars du centre-bourg.")
    button = tab_until(page, lambda element: element["text"] == "Envoyer ma demande")
    assert button, "the send button is not reached by Tab"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{chorale.get_absolute_url()}#participer")
    expect(page.locator("main")).to_contain_text("Votre demande d'accompagnement : un trajet en voiture.")
    request = AccompanimentRequest.objects.get()
    assert (request.kind, request.note) == ("voiture", "Je pars du centre-bourg.")
