"""The Actualités tab in a real browser: axe-core and the house rules on the list (with and without
filters) and on an item, and reading a news item with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from tests.conftest import CAP_ATLANTIQUE, NANTES_METROPOLE

from . import checks
from .browsing import focused, tab_until
from .pages import Page

pytestmark = pytest.mark.browser


@pytest.fixture
def news(page):
    """A few published items across thèmes and territories, and a draft (after the live server's reset)."""
    from news.models import NewsItem
    from tests.factories.news import NewsItemFactory

    NewsItemFactory(
        title="Ateliers numériques dans les médiathèques",
        themes=["solidarite", "loisirs-culture-sport"],
        siren=NANTES_METROPOLE,
    )
    NewsItemFactory(
        title="Marcher ensemble au bord de la mer", themes=["sante-bien-etre"], siren=CAP_ATLANTIQUE
    )
    NewsItemFactory(title="Un covoiturage solidaire", themes=["mobilite"])
    cafe = NewsItemFactory(
        title="Les cafés-emploi reprennent",
        lead="Chaque semaine, sans inscription, pour parler de sa recherche d'emploi.",
        body="Venez **comme vous êtes**.\n\n- des conseils ;\n- des offres du coin.\n\n"
        "> Je ne connaissais personne.\n\nLes dates sont dans [l'agenda](/agenda/?theme=emploi).",
        themes=["emploi", "solidarite"],
        signature="Sophie",
    )
    NewsItemFactory(title="Un autre café-emploi", themes=["emploi"], siren=NANTES_METROPOLE)
    NewsItemFactory(title="Brouillon", status=NewsItem.Status.DRAFT)
    return {"cafe": cafe}


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/actualites/", "Actualités"),
        ("/actualites/?theme=emploi", "Actualités — Emploi"),
        (
            f"/actualites/?theme=emploi&territoire={NANTES_METROPOLE}",
            "Actualités — Emploi — Nantes Métropole",
        ),
        ("/actualites/?theme=jardinage", "Actualités"),
        ("/actualites/?theme=logement", "Actualités — Logement"),  # none yet
    ],
)
def test_the_news_list_is_accessible(page, news, console_messages, failed_responses, path, title):
    response = page.goto(path)

    assert response.status == 200
    checks.assert_accessible(page, Page(path, title), console_messages, failed_responses)


def test_a_news_item_is_accessible(page, news, console_messages, failed_responses):
    path = news["cafe"].get_absolute_url()

    response = page.goto(path)

    assert response.status == 200
    expect(page.get_by_role("heading", name="Autres actualités du thème Emploi")).to_be_visible()
    checks.assert_accessible(
        page, Page(path, "Les cafés-emploi reprennent"), console_messages, failed_responses
    )


def test_the_filters_work_with_the_keyboard_and_a_news_item_opens_from_its_card(page, news):
    page.goto("/actualites/")
    invisible_focus = []

    def check_focus(element):
        problem = checks.focus_indicator_problem(page)
        if problem:
            invisible_focus.append(problem)

    theme = tab_until(page, lambda element: element["name"] == "theme", max_presses=40, on_each=check_focus)
    assert theme is not None
    # A closed <select> takes the next option from the arrow keys: Mobilité, then Emploi.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("select[name=theme]").input_value() == "emploi"
    button = tab_until(page, lambda element: element["tag"] == "button", max_presses=3)
    assert button["text"] == "Afficher les actualités"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Actualités : Emploi")

    url = news["cafe"].get_absolute_url()
    card_link = tab_until(page, lambda element: element["href"] == url, max_presses=40, on_each=check_focus)
    assert card_link is not None and card_link["text"] == "Les cafés-emploi reprennent"
    assert focused(page)["tag"] == "a"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Les cafés-emploi reprennent")
    assert page.url.endswith(url)
    assert not invisible_focus, invisible_focus
