"""The referents' pages in a real browser: axe-core and the house rules, the contact form with the
keyboard alone, and the map drawn by Leaflet from our own static files."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from referents.models import Referent, ReferentMessage
from tests.conftest import CARENE, NANTES_METROPOLE, make_user

from . import checks
from .browsing import focused, tab_until

pytestmark = pytest.mark.browser


def assert_accessible(page, title_fragment, console_messages, failed_responses):
    problems = checks.page_problems(page, title_fragment=title_fragment)
    violations = checks.axe_violations(page)
    problems += checks.reflow_problems(page)
    problems += checks.csp_problems(console_messages)
    problems += [f"failed to load: {failure}" for failure in failed_responses]
    if violations:
        problems.append("axe-core violations:\n" + checks.format_violations(violations))
    assert not problems, f"{page.url}:\n" + "\n".join(problems)


@pytest.fixture
def referents(page):
    """Two territory referents, two thematic ones with permanences (after the live server's reset)."""
    from tests.factories import EventFactory
    from tests.factories.referents import PermanenceFactory, ReferentFactory

    claire = ReferentFactory(
        public_name="Claire",
        user=make_user("claire"),
        kind=Referent.Kind.TERRITORY,
        sirens=[NANTES_METROPOLE],
    )
    PermanenceFactory(referent=claire, place_name="Maison de quartier", notes="Sans rendez-vous.")
    ReferentFactory(
        public_name="Karim", user=make_user("karim"), kind=Referent.Kind.TERRITORY, sirens=[CARENE]
    )
    sophie = ReferentFactory(public_name="Sophie", user=make_user("sophie"), themes=["emploi"])
    PermanenceFactory(referent=sophie, insee="44184", place_name="Espace France services")
    bernard = ReferentFactory(
        public_name="Bernard", user=make_user("bernard"), themes=["mobilite", "solidarite"]
    )
    PermanenceFactory(
        referent=bernard, insee="44015", place_name="Centre social", frequency="1er et 3e mardi"
    )
    EventFactory(insee="44184", title="Café-emploi")
    return {"claire": claire, "sophie": sophie, "bernard": bernard}


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/referents/", "Référents"),
        ("/referents/?theme=emploi", "Référents — Emploi"),
        ("/referents/trouver/", "Qui est mon référent ?"),
        ("/referents/trouver/?q=st+nazaire", "Qui est mon référent ? — Saint-Nazaire"),
        ("/referents/trouver/?q=44150", "plusieurs communes"),
        ("/referents/trouver/?q=Nantess", "introuvable"),
        ("/referents/trouver/?q=Varades", "Qui est mon référent ? — Loireauxence"),
        ("/referents/trouver/?q=Bonoeuvre", "introuvable"),
    ],
)
def test_the_referents_pages_are_accessible(page, referents, console_messages, failed_responses, path, title):
    response = page.goto(path)

    assert response.status == 200
    assert_accessible(page, title, console_messages, failed_responses)


def test_a_referents_page_is_accessible_and_so_is_its_form_with_errors(
    page, referents, console_messages, failed_responses
):
    page.goto(f"/referents/{referents['sophie'].pk}/")
    assert_accessible(page, "Sophie, référent thématique", console_messages, failed_responses)

    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer mon message à Sophie").click()

    assert page.title().startswith("Erreur — Sophie")
    untied = page.evaluate(
        """() => [...document.querySelectorAll('[aria-invalid=true]')]
              .filter(field => !(field.getAttribute('aria-describedby') || '').split(/\\s+/)
                      .some(id => id.endsWith('_error') && document.getElementById(id)))
              .map(field => field.name)"""
    )
    assert page.locator("[aria-invalid=true]").count() == 3  # name, e-mail, message
    assert not untied
    assert_accessible(page, "Erreur — Sophie", console_messages, failed_responses)


def test_the_contact_form_can_be_filled_and_sent_with_the_keyboard_alone(
    page, referents, console_messages, failed_responses
):
    page.goto(f"/referents/{referents['bernard'].pk}/")
    invisible_focus = []

    def check_focus(element):
        if element["tag"] in ("a", "button", "input", "textarea"):
            problem = checks.focus_indicator_problem(page)
            if problem:
                invisible_focus.append(problem)

    assert tab_until(page, lambda el: el["name"] == "name", max_presses=80, on_each=check_focus)
    page.keyboard.type("Jeanne")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "email"
    page.keyboard.type("jeanne@exemple.org")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "message"
    page.keyboard.type("Bonjour, où trouver un vélo pas cher ?")
    # The hidden anti-spam field is skipped: the next stop is the button.
    page.keyboard.press("Tab")
    button = focused(page)
    assert button["tag"] == "button" and button["text"] == "Envoyer mon message à Bernard"
    check_focus(button)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Votre message est parti")
    assert_accessible(page, "Message envoyé à Bernard", console_messages, failed_responses)
    message = ReferentMessage.objects.get()
    assert (message.referent_id, message.name, message.email) == (
        referents["bernard"].pk,
        "Jeanne",
        "jeanne@exemple.org",
    )
    assert not invisible_focus, invisible_focus


def test_the_map_draws_the_17_intercommunalites_with_leaflet_from_our_static_files(
    page, referents, live_server, console_messages, failed_responses
):
    scripts = []
    page.on(
        "request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None
    )

    page.goto("/referents/carte/")

    shapes = page.locator(".leaflet-container path.leaflet-interactive")
    expect(page.locator("#carte")).to_have_attribute("data-territories", "17")
    assert shapes.count() >= 17
    # The permanences of the two thematic referents.
    assert page.locator(".leaflet-marker-icon").count() == 2
    assert f"{live_server.url}/static/leaflet/leaflet.js" in scripts
    assert all(url.startswith(live_server.url) for url in scripts), scripts
    assert page.evaluate("typeof L") == "object"
    expect(page.locator(".leaflet-control-attribution")).to_contain_text(settings.MAP_TILES_ATTRIBUTION)
    assert_accessible(page, "Carte des référents", console_messages, failed_responses)


def test_the_markers_open_their_popup_with_the_keyboard(page, referents):
    page.goto("/referents/carte/")
    expect(page.locator("#carte")).to_have_attribute("data-territories", "17")

    marker = page.get_by_role("button", name="Permanence de Bernard : Centre social, Blain")
    marker.focus()
    page.keyboard.press("Enter")

    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    expect(popup).to_contain_text("1er et 3e mardi, de 14 h à 17 h")
    expect(popup.get_by_role("link", name="Bernard")).to_have_attribute(
        "href", f"/referents/{referents['bernard'].pk}/"
    )
