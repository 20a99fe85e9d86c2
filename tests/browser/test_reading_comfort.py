"""Confort de lecture in Chromium (issue 17, items 1 and 9): the settings are chosen without
JavaScript and shown on the next page; every page passes axe-core and reflows at 320 px in the
most demanding mode, and each mode alone is checked on three representative pages."""

import pytest

from pages.reading_comfort import COOKIE_NAME

from . import checks
from .browsing import focused, sign_in
from .pages import PAGES, Page

pytestmark = pytest.mark.browser

COMBINED = "tres-grand.contraste.large"
# Each mode alone (the usual one is test_accessibility's business).
MODES = {
    "grand": "grand.standard.standard",
    "tres-grand": "tres-grand.standard.standard",
    "contraste": "normal.contraste.standard",
    "espacement": "normal.standard.large",
}
REPRESENTATIVE = [Page("/", "Accueil"), Page("/agenda/", "Agenda"), Page("/contact/", "Contact")]


def set_comfort(page, live_server, value):
    page.context.add_cookies([{"name": COOKIE_NAME, "value": value, "url": live_server.url}])


def visit_and_check(page, request, live_server, entry, value, console_messages, failed_responses):
    if entry.needs_login:
        sign_in(page, request.getfixturevalue("browser_member"))
    set_comfort(page, live_server, value)
    response = page.goto(entry.path)
    assert response.status == 200, f"{entry.path} answered {response.status}"
    assert page.evaluate("() => document.documentElement.className"), f"{entry.path}: no class on <html>"
    checks.assert_accessible(page, entry, console_messages, failed_responses)


@pytest.mark.parametrize("entry", PAGES, ids=lambda entry: entry.path)
def test_every_page_is_accessible_in_very_large_text_high_contrast_and_wide_spacing(
    page, request, live_server, console_messages, failed_responses, entry
):
    visit_and_check(page, request, live_server, entry, COMBINED, console_messages, failed_responses)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("entry", REPRESENTATIVE, ids=lambda entry: entry.path)
def test_each_mode_alone_is_accessible_on_representative_pages(
    page, request, live_server, console_messages, failed_responses, entry, mode
):
    visit_and_check(page, request, live_server, entry, MODES[mode], console_messages, failed_responses)


@pytest.fixture
def page_without_javascript(chromium, live_server, reference_data_restored):
    context = chromium.new_context(base_url=live_server.url, locale="fr-FR", java_script_enabled=False)
    context.set_default_timeout(5_000)
    yield context.new_page()
    context.close()


def test_a_reader_chooses_settings_without_javascript_and_finds_them_on_the_next_page(
    page_without_javascript,
):
    page = page_without_javascript
    page.goto("/agenda/")
    assert page.evaluate("() => getComputedStyle(document.documentElement).fontSize") == "16px"

    page.get_by_role("link", name="Confort de lecture").click()
    page.get_by_label("Très grand").check()
    page.get_by_label("Contraste renforcé").check()
    page.get_by_label("Espacement large").check()
    page.get_by_role("button", name="Enregistrer mes réglages").click()

    page.wait_for_url("**/agenda/")
    assert page.get_by_text("Vos réglages de lecture sont enregistrés").is_visible()
    looks = page.evaluate(
        """() => {
          const link = document.querySelector('.site-footer a[href]');
          const body = getComputedStyle(document.body);
          return {
            classes: document.documentElement.className,
            rootSize: getComputedStyle(document.documentElement).fontSize,
            letterSpacing: parseFloat(body.letterSpacing) / parseFloat(body.fontSize),
            lineHeight: parseFloat(body.lineHeight) / parseFloat(body.fontSize),
            linkColour: getComputedStyle(link).color,
            linkUnderline: getComputedStyle(link).textDecorationLine,
            button: (() => {
              const style = getComputedStyle(document.querySelector('.account .button'));
              return {colour: style.color, background: style.backgroundColor};
            })(),
          };
        }"""
    )
    assert looks["classes"] == "texte-tres-grand contraste espacement"
    assert looks["rootSize"] == "24px"
    assert looks["letterSpacing"] == pytest.approx(0.12, abs=0.01)
    assert looks["lineHeight"] >= 1.5
    assert looks["linkColour"] == "rgb(0, 0, 0)"
    assert looks["linkUnderline"] == "underline"
    # A link drawn as a button keeps its white text on black (it once went black on black).
    assert looks["button"] == {"colour": "rgb(255, 255, 255)", "background": "rgb(0, 0, 0)"}

    page.get_by_role("link", name="Confort de lecture").click()
    page.get_by_role("button", name="Revenir aux réglages habituels").click()

    page.wait_for_url("**/agenda/")
    assert page.evaluate("() => document.documentElement.className") == ""
    assert page.evaluate("() => getComputedStyle(document.documentElement).fontSize") == "16px"


def test_the_focus_is_black_and_yellow_in_high_contrast(page, live_server):
    set_comfort(page, live_server, "normal.contraste.standard")
    page.goto("/")

    page.keyboard.press("Tab")  # the skip link
    for _language in range(4):  # the language menu: its four languages
        page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the site's name
    page.keyboard.press("Tab")

    assert focused(page)["text"] == "Confort de lecture"
    assert checks.focus_indicator_problem(page) is None
    assert (
        page.evaluate("() => getComputedStyle(document.activeElement).backgroundColor") == "rgb(255, 221, 0)"
    )
