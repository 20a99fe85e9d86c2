"""The site in English, Arabic (right to left) and Ukrainian, in Chromium.

Every page of pages.PAGES in English, Arabic and Ukrainian with zero axe-core violations (in
Arabic, the layout that differs most, right to left, assert_accessible also checks there is no
sideways scrolling at 320 px). And the language chosen with the menu stays from page
to page without JavaScript.
"""

import pytest

from tousvoisins.languages import COOKIE_NAME

from . import checks
from .browsing import sign_in
from .pages import PAGES

pytestmark = pytest.mark.browser

WALKS = [(language, entry) for language in ("ar", "en", "uk") for entry in PAGES]


def choose_language(page, live_server, language):
    page.context.add_cookies([{"name": COOKIE_NAME, "value": language, "url": live_server.url}])


@pytest.mark.parametrize(("language", "entry"), WALKS, ids=lambda value: getattr(value, "path", value))
def test_every_page_is_accessible_in_each_language(
    page, live_server, request, console_messages, failed_responses, language, entry
):
    if entry.needs_login:
        sign_in(page, request.getfixturevalue("browser_member"))
    choose_language(page, live_server, language)

    response = page.goto(entry.path)

    assert response.status == 200, f"{entry.path} answered {response.status}"
    checks.assert_accessible(page, entry, console_messages, failed_responses, language=language)


def test_the_chosen_language_stays_from_page_to_page_without_javascript(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto("/agenda/")
        assert page.locator("html").get_attribute("lang") == "fr"

        page.get_by_role("navigation", name="Langue du site").get_by_role("link", name="English").click()

        assert page.url.endswith("/agenda/")
        assert page.locator("html").get_attribute("lang") == "en"
        english = page.get_by_role("navigation", name="Language of the site")
        assert english.get_by_role("link", name="English").get_attribute("aria-current") == "true"

        page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Forum").click()
        assert page.url.endswith("/forum/")
        assert page.locator("html").get_attribute("lang") == "en"

        page.get_by_role("link", name="العربية").click()
        assert page.locator("html").get_attribute("dir") == "rtl"
        page.goto("/")
        assert page.locator("html").get_attribute("dir") == "rtl"
    finally:
        context.close()


def test_the_layout_mirrors_in_arabic(page, live_server):
    page.goto("/")
    french_name = page.locator(".site-name").bounding_box()
    choose_language(page, live_server, "ar")

    page.goto("/")

    arabic_name = page.locator(".site-name").bounding_box()
    width = page.viewport_size["width"]
    assert french_name["x"] < width / 2 < arabic_name["x"] + arabic_name["width"]
    assert arabic_name["x"] > width / 2, "the site's name starts on the right in Arabic"


@pytest.mark.parametrize("path", ["/agenda/carte/", "/referents/carte/"])
def test_the_maps_work_right_to_left(page, live_server, console_messages, path):
    choose_language(page, live_server, "ar")

    page.goto(path)

    assert page.locator("html").get_attribute("dir") == "rtl"
    container = page.locator(".leaflet-container").first
    container.wait_for()
    assert container.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert page.locator(".leaflet-control-zoom-in").count() == 1
    errors = [message for message in console_messages if message.startswith("[pageerror]")]
    assert not errors, errors
