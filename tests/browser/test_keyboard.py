"""The site can be used with the keyboard alone, and the focus can always be seen."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

from . import checks
from .browsing import focused, tab_until

pytestmark = pytest.mark.browser


def is_agenda_tab(element):
    return element["tag"] == "a" and element["inHeader"] and element["href"].rstrip("/").endswith("/agenda")


def is_sign_in_link(element):
    return element["tag"] == "a" and "/comptes/login/" in element["href"]


def is_field(name):
    return lambda element: element["name"] == name


def test_it_can_be_used_with_the_keyboard_alone(page, browser_member):
    invisible_focus = []

    def check_focus(element):
        if element["tag"] in ("a", "button") or element["type"] in ("submit", "button"):
            problem = checks.focus_indicator_problem(page)
            if problem:
                invisible_focus.append(f"{page.url}: {problem}")

    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = focused(page)
    assert skip_link and skip_link["href"] == "#contenu", f"the first Tab lands on {skip_link}"
    assert skip_link["text"] == "Aller au contenu"
    check_focus(skip_link)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu", "the skip link does not move the focus"

    page.goto("/")
    assert tab_until(page, is_agenda_tab, on_each=check_focus), "no Agenda link in the header by Tab"
    page.keyboard.press("Enter")
    page.wait_for_url("**/agenda/")

    assert tab_until(page, is_sign_in_link, on_each=check_focus), "no sign-in link by Tab"
    page.keyboard.press("Enter")
    page.wait_for_url("**/comptes/login/**")

    # The login form may put the focus in the e-mail field itself.
    current = focused(page)
    if not (current and is_field("login")(current)):
        assert tab_until(page, is_field("login"), on_each=check_focus), "no e-mail field by Tab"
    page.keyboard.type(browser_member.email)
    assert tab_until(page, is_field("password"), on_each=check_focus), "no password field by Tab"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/comptes/login/" not in url)

    expect(page.get_by_text("Se déconnecter", exact=True).first).to_be_visible()
    assert not invisible_focus, "\n".join(invisible_focus)
