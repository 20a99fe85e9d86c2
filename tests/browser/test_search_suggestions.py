"""'Vouliez-vous dire … ?' in a real browser: axe-core and the house rules on the four searches
that found nothing (issue item 3)."""

import pytest
from playwright.sync_api import expect

from tests.factories import EventFactory
from tests.factories.forum import TopicFactory
from tests.factories.news import NewsItemFactory
from tests.factories.profiles import ProfileFactory, profile_for

from . import checks
from .browsing import sign_in
from .pages import Page

pytestmark = pytest.mark.browser

# (page, the word offered)
SEARCHES = [
    (Page("/agenda/?q=velp", "Agenda — « velp »"), "vélo"),
    (Page("/forum/recherche/?q=cuisne", "Recherche « cuisne » — Forum"), "cuisine"),
    (Page("/actualites/?q=logemnt", "Actualités — « logemnt »"), "logement"),
    (Page("/membres/?interet=velp", "Membres — « velp »"), "vélo"),
]


def test_the_suggestions_are_links_on_accessible_pages(
    page, browser_member, console_messages, failed_responses
):
    EventFactory(title="Réparer son vélo soi-même")
    TopicFactory(title="Atelier cuisine du monde", body="On cuisine ensemble le samedi.")
    NewsItemFactory(title="Le logement des jeunes")
    ProfileFactory(display_name="Lucie", interests=["vélo"])
    profile_for(browser_member, display_name="Alice")
    sign_in(page, browser_member)

    problems = []
    for entry, word in SEARCHES:
        response = page.goto(entry.path)
        assert response.status == 200, entry.path
        expect(page.get_by_role("link", name=f"« {word} »")).to_be_visible()
        try:
            checks.assert_accessible(page, entry, console_messages, failed_responses)
        except AssertionError as error:
            problems.append(str(error))
    assert not problems, "\n\n".join(problems)
