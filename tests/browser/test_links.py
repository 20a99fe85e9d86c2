"""The "Liens utiles" page in a real browser: axe-core and the house rules with data, filtered and
with a wrong filter; choosing a category with the keyboard alone."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from links.models import Link

from . import checks
from .browsing import focused, tab_until
from .pages import Page

pytestmark = pytest.mark.browser


@pytest.fixture
def links(page):
    """The demo links (after the live server's reset), one of them not answering any more."""
    from links.demo import seed_demo

    seed_demo()
    Link.objects.filter(url="https://www.onisep.fr/").update(
        is_broken=True, failures=2, check_status=404, checked_at=timezone.now()
    )


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/liens-utiles/", "Liens utiles"),
        ("/liens-utiles/?categorie=emploi-et-formation", "Liens utiles — Emploi et formation"),
        ("/liens-utiles/?theme=mobilite", "Liens utiles — Mobilité"),
        ("/liens-utiles/?categorie=se-loger&theme=emploi", "Liens utiles — Se loger — Emploi"),
        ("/liens-utiles/?categorie=jardinage", "Liens utiles"),
        ("/liens-utiles/?categorie=se-deplacer&theme=sante-bien-etre", "Liens utiles — Se déplacer"),
    ],
)
def test_the_links_page_is_accessible(page, links, console_messages, failed_responses, path, title):
    response = page.goto(path)

    assert response.status == 200
    checks.assert_accessible(page, Page(path, title), console_messages, failed_responses)


def test_a_category_is_chosen_and_shown_with_the_keyboard_alone(page, links):
    page.goto("/liens-utiles/")
    invisible_focus = []

    def check_focus(element):
        if element["tag"] in ("a", "button", "select"):
            problem = checks.focus_indicator_problem(page)
            if problem:
                invisible_focus.append(problem)

    assert tab_until(page, lambda el: el["name"] == "categorie", max_presses=40, on_each=check_focus)
    # Closed <select>: the arrow keys change the choice. "Emploi et formation" is the second category.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("select[name=categorie]")).to_have_value("emploi-et-formation")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "theme"
    page.keyboard.press("Tab")
    button = focused(page)
    assert (button["tag"], button["text"]) == ("button", "Afficher les liens")
    check_focus(button)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "categorie=emploi-et-formation" in page.url
    assert page.title() == "Liens utiles — Emploi et formation — Tous voisins 44"
    expect(page.get_by_role("heading", level=2, name="Emploi et formation")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Se loger")).to_have_count(0)
    # The first link of the category is the next stop after the filters.
    assert tab_until(page, lambda el: el["href"] == "https://www.francetravail.fr/", on_each=check_focus)
    assert not invisible_focus, invisible_focus
