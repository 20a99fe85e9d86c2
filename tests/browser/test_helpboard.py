"""The coups de pouce board in a real browser: axe-core and the house rules on its pages, and the
story of the issue: a member publishes a "je cherche", another answers it, they talk in the
messages, and the first says "C'est fait" with a public thank-you (two browsers)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helpboard.models import Help
from profiles.models import Conversation
from tests.conftest import make_user
from tests.factories.helpboard import HelpFactory
from tests.factories.profiles import profile_for

from . import checks
from .browsing import sign_in, tab_until
from .conftest import TIMEOUT_MS, _empty_answer
from .pages import Page

pytestmark = pytest.mark.browser


@pytest.fixture
def board(page, browser_member):
    """Alice (signed in) has an ask; Bob has one too, and one done with thanks."""
    alice = profile_for(browser_member, display_name="Alice", insee="44143").user
    bob = profile_for(make_user("bob"), display_name="Bob", insee="44109").user
    mine = HelpFactory(author=alice, text="Je cherche quelqu'un pour relire mon CV.", words=["écrire un CV"])
    theirs = HelpFactory(
        author=bob, kind=Help.Kind.OFFER, text="Je propose de faire découvrir mon métier de boulanger."
    )
    HelpFactory(
        author=bob,
        text="Je cherchais de l'aide pour un dossier en ligne.",
        status=Help.Status.DONE,
        done_at=timezone.now(),
        thanks="Merci à Alice !",
    )
    sign_in(page, browser_member)
    return {"mine": mine, "theirs": theirs}


BOARD_PAGES = [
    Page("/coups-de-pouce/", "Coups de pouce"),
    Page("/coups-de-pouce/?sorte=propose&theme=emploi", "Coups de pouce — ceux qui proposent — Emploi"),
    Page("/coups-de-pouce/{theirs}/", "Je propose : Je propose de faire découvrir"),
    Page("/coups-de-pouce/{theirs}/repondre/", "Répondre à un coup de pouce"),
    Page("/coups-de-pouce/{theirs}/signaler/", "Signaler un coup de pouce"),
    Page("/coups-de-pouce/{mine}/", "Je cherche : Je cherche quelqu'un pour relire mon CV."),
    Page("/coups-de-pouce/{mine}/modifier/", "Modifier mon coup de pouce"),
    Page("/coups-de-pouce/{mine}/c-est-fait/", "C'est fait"),
    Page("/coups-de-pouce/publier/", "Publier un coup de pouce"),
    Page("/mon-profil/rencontres/", "Mes affinités"),
]


def test_the_board_pages_are_accessible(page, board, console_messages, failed_responses):
    problems = []
    for entry in BOARD_PAGES:
        entry = entry._replace(path=entry.path.format(mine=board["mine"].pk, theirs=board["theirs"].pk))
        response = page.goto(entry.path)
        if response.status != 200:
            problems.append(f"{entry.path} answered {response.status}")
            continue
        try:
            checks.assert_accessible(page, entry, console_messages, failed_responses)
        except AssertionError as error:
            problems.append(str(error))
    assert not problems, "\n\n".join(problems)


def test_the_publish_form_stays_accessible_with_its_errors(page, board, console_messages, failed_responses):
    page.goto("/coups-de-pouce/publier/")
    page.get_by_label("En quelques mots").fill("Un texte gardé pour relire un CV.")
    page.get_by_label("Commune (facultatif)").fill("Paris")
    page.locator("form.form").evaluate("form => { form.noValidate = true; }")

    with page.expect_navigation():
        page.get_by_role("button", name="Publier").click()

    expect(page.locator("#id_commune_name")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_commune_name")).to_have_value("Paris")
    expect(page.locator("#id_text")).to_have_value("Un texte gardé pour relire un CV.")
    checks.assert_accessible(
        page,
        Page("/coups-de-pouce/publier/", "Erreur — Publier un coup de pouce"),
        console_messages,
        failed_responses,
    )


def _second_browser(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.route(lambda url: not url.startswith(live_server.url), _empty_answer)
    return context


def test_a_member_answers_a_je_cherche_and_they_talk(page, browser_member, chromium, live_server):
    profile_for(browser_member, display_name="Alice", insee="44143")
    karim = profile_for(make_user("karim"), display_name="Karim", insee="44143").user

    # Karim, in his browser, publishes a "je cherche" of the thème emploi.
    karim_context = _second_browser(chromium, live_server)
    try:
        karim_page = karim_context.new_page()
        sign_in(karim_page, karim)
        karim_page.goto("/coups-de-pouce/")
        karim_page.get_by_role("link", name="Publier un coup de pouce").click()
        karim_page.get_by_label("Je cherche un coup de pouce").check()
        karim_page.get_by_role("radio", name="Emploi").check()
        karim_page.get_by_label("En quelques mots").fill(
            "Je cherche quelqu'un pour m'aider à préparer un entretien dans la logistique."
        )
        karim_page.get_by_label("entretien d'embauche").check()
        expect(karim_page.get_by_label("Commune (facultatif)")).to_have_value("Rezé")
        karim_page.get_by_label("Jusqu'à quand ?").fill(
            (timezone.localdate() + timedelta(days=15)).isoformat()
        )
        with karim_page.expect_navigation():
            karim_page.get_by_role("button", name="Publier").click()
        expect(karim_page.get_by_text("Votre coup de pouce est publié.")).to_be_visible()

        # Alice finds it among the asks of emploi and answers.
        sign_in(page, browser_member)
        page.goto("/coups-de-pouce/")
        page.get_by_label("Je veux voir").select_option("cherche")
        page.get_by_label("Thème").select_option("emploi")
        with page.expect_navigation():
            page.get_by_role("button", name="Afficher les coups de pouce").click()
        page.get_by_role("link", name=re.compile("préparer un entretien dans la logistique")).click()
        expect(page.locator("main")).to_contain_text("Rezé")
        expect(page.locator("main")).not_to_contain_text("@exemple.fr")
        page.get_by_role("link", name="Répondre à Karim").click()
        page.get_by_label("Votre message").fill("Bonjour Karim, j'ai été recruteuse : on se voit mardi ?")
        with page.expect_navigation():
            page.get_by_role("button", name="Envoyer").click()
        expect(page.get_by_text("Votre message est envoyé.")).to_be_visible()
        assert re.search(r"/messages/\d+/$", page.url)
        thread_url = page.url

        # Karim reads it in his messages and answers; the conversation is theirs alone.
        karim_page.goto("/messages/")
        expect(karim_page.locator("main")).to_contain_text("Vous avez 1 message non lu.")
        karim_page.get_by_role("link", name="Alice").click()
        expect(karim_page.locator(".thread")).to_contain_text("on se voit mardi ?")
        expect(karim_page.locator(".thread")).to_contain_text("préparer un entretien dans la logistique")
        karim_page.get_by_label("Votre message").fill("Avec plaisir, Alice ! Mardi 17 h à la médiathèque.")
        with karim_page.expect_navigation():
            karim_page.get_by_role("button", name="Envoyer").click()

        # Karim says it is done and thanks Alice publicly.
        help = Help.objects.get()
        karim_page.goto(help.get_absolute_url())
        expect(karim_page.locator("main")).to_contain_text("1 personne vous a répondu")
        karim_page.get_by_role("link", name="C'est fait").click()
        karim_page.get_by_label("Un merci public (facultatif)").fill("Merci à Alice pour l'entraînement !")
        with karim_page.expect_navigation():
            karim_page.get_by_role("button", name="C'est fait").click()
        expect(karim_page.get_by_text("Votre merci est affiché.")).to_be_visible()
    finally:
        karim_context.close()

    page.goto(thread_url)
    expect(page.locator(".thread")).to_contain_text("Mardi 17 h à la médiathèque.")
    assert Conversation.objects.get().messages.count() == 2
    page.goto("/coups-de-pouce/")
    expect(page.locator("#c-est-fait + p + ul")).to_contain_text("Merci à Alice pour l'entraînement !")


def test_a_member_answers_with_the_keyboard_alone(page, board):
    page.goto(f"/coups-de-pouce/{board['theirs'].pk}/")

    link = tab_until(page, lambda element: element["text"] == "Répondre à Bob")
    assert link, "no link to answer Bob by Tab"
    assert checks.focus_indicator_problem(page) is None
    page.keyboard.press("Enter")
    page.wait_for_url("**/repondre/")
    assert tab_until(page, lambda element: element["name"] == "body"), "no message field by Tab"
    page.keyboard.type("Bonjour Bob, je viendrais bien samedi.")
    button = tab_until(page, lambda element: element["text"] == "Envoyer")
    assert button, "no send button by Tab"
    assert checks.focus_indicator_problem(page) is None
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator(".thread")).to_contain_text("Bonjour Bob, je viendrais bien samedi.")
