"""The whole story of issue 12 (item 8) in Chromium: a territory referent registers Jeannine by
phone and asks for someone to accompany her; a member coming to the same date offers; the
organiser sees both Jeannine and the offer. axe-core and the house rules on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import TERRITORY_REFERENTS
from events.models import AccompanimentOffer, AccompanimentRequest, Participation, ProxyRegistration
from tests.conftest import NANTES_METROPOLE, make_user
from tests.factories import EventFactory, next_local

from .browsing import sign_in, tab_until
from .test_events import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def organiser(reference_data_restored):
    return make_user("olga")


@pytest.fixture
def event(organiser):
    return EventFactory(
        title="Café-tricot", start=next_local(days=3, hour=14), capacity=12, proposed_by=organiser
    )


@pytest.fixture
def occurrence(event):
    return event.occurrences.get()


def test_a_referent_registers_jeannine_a_member_offers_and_the_organiser_sees_both(
    page, browser_member, organiser, event, occurrence, console_messages, failed_responses
):
    Participation.objects.create(occurrence=occurrence, user=browser_member)
    referent = make_user("nadia", group=TERRITORY_REFERENTS, sirens=[NANTES_METROPOLE])

    # The referent registers Jeannine by phone, with the keyboard.
    sign_in(page, referent)
    page.goto(f"{event.get_absolute_url()}inscrire-quelqu-un/")
    assert_accessible(page, "Inscrire quelqu'un — Café-tricot", console_messages, failed_responses)
    page.locator("#id_date").select_option(str(occurrence.pk))
    page.locator("#id_first_name").focus()
    page.keyboard.type("Jeannine")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_phone"
    page.keyboard.type("02 40 12 34 56")
    consent = tab_until(page, lambda element: element["id"] == "id_consent")
    assert consent, "the consent box is not reached by Tab"
    page.keyboard.press("Space")
    page.locator("#id_notes").fill("Vient en fauteuil")
    with page.expect_navigation():
        page.get_by_role("button", name="Inscrire cette personne").click()
    expect(page.locator("main")).to_contain_text("C'est noté : inscription de Jeannine à « Café-tricot »")
    registration = ProxyRegistration.objects.get()
    assert (registration.first_name, registration.occurrence, registration.registered_by) == (
        "Jeannine",
        occurrence,
        referent,
    )
    assert_accessible(page, "Qui vient — Café-tricot", console_messages, failed_responses)

    # From "Qui vient", the referent asks for someone to accompany her.
    page.get_by_role("link", name="Demander un accompagnement pour cette personne (Jeannine)").click()
    page.wait_for_url("**/qui-vient/accompagnement/**")
    assert_accessible(page, "Demander un accompagnement pour Jeannine", console_messages, failed_responses)
    page.get_by_label("Un trajet en voiture").check()
    page.locator("#id_note").fill("Le fauteuil doit tenir dans le coffre.")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.locator("main")).to_contain_text("C'est noté : un accompagnement est demandé pour Jeannine.")
    expect(page.locator("main")).to_contain_text("Demandé : un trajet en voiture.")
    wanted = AccompanimentRequest.objects.get()
    assert wanted.registration == registration

    # A member who comes to the same date sees the request (never Jeannine's name) and offers.
    page.context.clear_cookies()
    sign_in(page, browser_member)
    page.goto(event.get_absolute_url())
    main = page.locator("main")
    expect(main).to_contain_text("1 personne aimerait être accompagnée.")
    expect(main).not_to_contain_text("Jeannine")
    assert_accessible(page, "Café-tricot", console_messages, failed_responses)
    with page.expect_navigation():
        page.get_by_role("button", name="Je peux accompagner").click()
    expect(main).to_contain_text("Merci ! Votre proposition est transmise.")
    assert AccompanimentOffer.objects.get().helper == browser_member
    assert_accessible(page, "Café-tricot", console_messages, failed_responses)

    # The organiser sees both Jeannine and the offer.
    page.context.clear_cookies()
    sign_in(page, organiser)
    page.goto(f"{event.get_absolute_url()}accompagnement/")
    expect(main).to_contain_text("Jeannine (inscrite par un référent, sans compte sur le site)")
    expect(main).to_contain_text("Proposent de l'accompagner")
    expect(page.get_by_role("link", name="Écrire à Alice")).to_be_visible()
    assert_accessible(page, "Demandes d'accompagnement", console_messages, failed_responses)
    page.goto(f"{event.get_absolute_url()}qui-vient/")
    expect(page.get_by_role("row", name="Jeannine")).to_contain_text("02 40 12 34 56")
    expect(main).to_contain_text("Demandé : un trajet en voiture.")
    expect(main).to_contain_text(re.compile("Membres du site : alice", re.IGNORECASE))
    assert_accessible(page, "Qui vient — Café-tricot", console_messages, failed_responses)
