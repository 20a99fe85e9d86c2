"""Members' pages in a real browser: axe-core and the house rules on every page of the tab, and two
members who find each other by a shared interest and exchange messages (two browsers)."""

import re

import pytest
from playwright.sync_api import expect

from profiles.models import Conversation
from tests.conftest import make_user
from tests.factories.profiles import ProfileFactory, conversation_between, profile_for

from . import checks
from .browsing import sign_in, tab_until
from .conftest import TIMEOUT_MS, _empty_answer
from .pages import Page

pytestmark = pytest.mark.browser


@pytest.fixture
def members(page, browser_member):
    """Alice (signed in) and Bob share cooking; they have a conversation; a third member exists."""
    alice = profile_for(
        browser_member,
        display_name="Alice",
        insee="44143",
        presentation="J'aime recevoir.",
        interests=["cuisiner", "jardinage"],
        skills=["couture"],
        wishes=["informatique"],
        themes=["solidarite"],
    )
    bob = ProfileFactory(
        user=make_user("bob"),
        display_name="Bob",
        insee="44109",
        presentation="Ancien boulanger.",
        interests=["Cuisine", "pêche"],
        skills=["informatique"],
        wishes=["couture"],
    )
    ProfileFactory(user=make_user("carole"), display_name="Carole", insee="44184", interests=["jardiner"])
    conversation = conversation_between(bob.user, alice.user, "Bonjour Alice, on cuisine ensemble ?")
    sign_in(page, browser_member)
    return {"alice": alice, "bob": bob, "conversation": conversation}


MEMBER_PAGES = [
    Page("/mon-profil/", "Mon profil"),
    Page("/mon-profil/rencontres/", "Mes affinités"),
    Page("/mon-profil/membres-bloques/", "Membres bloqués"),
    Page("/mon-profil/mes-donnees/", "Mes données"),
    Page("/mon-profil/supprimer-mon-compte/", "Supprimer mon compte"),
    Page("/membres/", "Membres"),
    Page("/membres/?interet=cuisine", "Membres — « cuisine »"),
    Page("/membres/bob/", "Bob, membre"),
    Page("/membres/bob/signaler/", "Signaler un profil"),
    Page("/messages/", "Mes messages"),
    Page("/messages/{conversation}/", "Conversation avec Bob"),
    Page("/", "Accueil"),
]


def test_the_members_pages_are_accessible(page, members, console_messages, failed_responses):
    # One walk through every page (the live server's reset before each test costs seconds).
    problems = []
    for entry in MEMBER_PAGES:
        entry = entry._replace(path=entry.path.format(conversation=members["conversation"].pk))
        response = page.goto(entry.path)
        if response.status != 200:
            problems.append(f"{entry.path} answered {response.status}")
            continue
        try:
            checks.assert_accessible(page, entry, console_messages, failed_responses)
        except AssertionError as error:
            problems.append(str(error))
    assert not problems, "\n\n".join(problems)


def test_a_public_profile_is_accessible_to_visitors(page, members, console_messages, failed_responses):
    bob = members["bob"]
    bob.visibility = "publique"
    bob.save()
    page.context.clear_cookies()

    response = page.goto("/membres/bob/")

    assert response.status == 200
    checks.assert_accessible(page, Page("/membres/bob/", "Bob, membre"), console_messages, failed_responses)


def test_the_profile_form_stays_accessible_with_its_errors(page, members, console_messages, failed_responses):
    page.goto("/mon-profil/")
    page.get_by_label("Mon nom affiché").fill("")
    page.get_by_label("Ma commune (facultatif)").fill("Paris")

    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer mon profil").click()

    expect(page.locator("#id_commune_name")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_commune_name")).to_have_value("Paris")
    checks.assert_accessible(
        page, Page("/mon-profil/", "Erreur — Mon profil"), console_messages, failed_responses
    )


def _second_browser(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.route(lambda url: not url.startswith(live_server.url), _empty_answer)
    return context


def test_two_members_find_each_other_by_a_shared_interest_and_write(
    page, browser_member, chromium, live_server
):
    bob_user = make_user("bob")
    # Alice ticks the suggestion "cuisiner" on her profile.
    sign_in(page, browser_member)
    page.goto("/mon-profil/")
    page.get_by_label("Mon nom affiché").fill("Alice")
    page.get_by_label("Ma commune (facultatif)").fill("Rezé")
    page.get_by_role("checkbox", name="cuisiner", exact=True).first.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer mon profil").click()
    expect(page.get_by_text("Votre profil est enregistré.")).to_be_visible()

    # Bob, in another browser, types "Cuisine" in his own words.
    bob_context = _second_browser(chromium, live_server)
    try:
        bob_page = bob_context.new_page()
        sign_in(bob_page, bob_user)
        bob_page.goto("/mon-profil/")
        bob_page.get_by_label("Mon nom affiché").fill("Bob")
        bob_page.get_by_label("Autres choses que j'aime").fill("Cuisine, pêche à la ligne")
        with bob_page.expect_navigation():
            bob_page.get_by_role("button", name="Enregistrer mon profil").click()

        # Alice finds Bob among her matches and writes to him.
        page.goto("/mon-profil/rencontres/")
        matches = page.locator(
            "section", has=page.get_by_role("heading", name="Qui partage mes centres d'intérêt ?")
        )
        expect(matches).to_contain_text("Vous aimez tous les deux : cuisiner")
        matches.get_by_role("link", name="Bob").click()
        expect(page.locator("main")).to_contain_text("Vous aimez tous les deux : cuisiner")
        page.get_by_role("link", name="Écrire un message à Bob").click()
        page.get_by_label("Votre message").fill("Bonjour Bob ! Un atelier cuisine à Rezé, ça vous dit ?")
        with page.expect_navigation():
            page.get_by_role("button", name="Envoyer").click()
        expect(page.get_by_text("Votre message est envoyé.")).to_be_visible()
        thread_url = page.url
        assert re.search(r"/messages/\d+/$", thread_url)

        # Bob sees one unread message, reads it and answers.
        bob_page.goto("/messages/")
        expect(bob_page.locator("main")).to_contain_text("Vous avez 1 message non lu.")
        bob_page.get_by_role("link", name="Alice").click()
        expect(bob_page.locator(".thread")).to_contain_text("Un atelier cuisine à Rezé, ça vous dit ?")
        bob_page.get_by_label("Votre message").fill("Avec plaisir, Alice !")
        with bob_page.expect_navigation():
            bob_page.get_by_role("button", name="Envoyer").click()
        expect(bob_page.locator("main")).not_to_contain_text("non lu")
    finally:
        bob_context.close()

    page.goto(thread_url)
    expect(page.locator(".thread")).to_contain_text("Avec plaisir, Alice !")
    assert Conversation.objects.get().messages.count() == 2


def test_a_member_writes_with_the_keyboard_alone(page, members):
    page.goto("/membres/bob/")

    link = tab_until(page, lambda element: element["text"] == "Écrire un message à Bob")
    assert link, "no link to write to Bob by Tab"
    assert checks.focus_indicator_problem(page) is None
    page.keyboard.press("Enter")
    page.wait_for_url("**/messages/*/")
    assert tab_until(page, lambda element: element["name"] == "body"), "no message field by Tab"
    page.keyboard.type("Merci Bob, à bientôt !")
    assert tab_until(page, lambda element: element["text"] == "Envoyer"), "no send button by Tab"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator(".thread")).to_contain_text("Merci Bob, à bientôt !")
