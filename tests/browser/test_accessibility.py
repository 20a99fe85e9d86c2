"""Every page of pages.py passes axe-core (WCAG 2.1 A and AA) and the house rules in Chromium."""

import pytest

from . import checks
from .browsing import sign_in
from .pages import FORMS_WITH_ERRORS, NOT_FOUND, PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("entry", PAGES, ids=lambda entry: entry.path)
def test_it_makes_every_page_accessible(page, request, console_messages, failed_responses, entry):
    if entry.needs_login:
        sign_in(page, request.getfixturevalue("browser_member"))
    response = page.goto(entry.path)
    assert response.status == 200, f"{entry.path} answered {response.status}"
    assert page.url.endswith(entry.path), f"{entry.path} sent the browser to {page.url}"
    checks.assert_accessible(page, entry, console_messages, failed_responses)


@pytest.mark.parametrize("entry", FORMS_WITH_ERRORS, ids=lambda entry: entry.path)
def test_it_keeps_forms_accessible_when_they_show_errors(page, console_messages, failed_responses, entry):
    response = page.goto(entry.path)
    assert response.status == 200, f"{entry.path} answered {response.status}"
    form = page.locator("main form[method=post i]").first
    # Skip the browser's own checks of required fields so that the server's messages show.
    form.evaluate("form => { form.noValidate = true; }")
    with page.expect_navigation():
        form.locator("[type=submit], button:not([type])").first.click()
    errors = page.evaluate(
        """() => [...document.querySelectorAll('[aria-invalid=true]')].map(field => ({
              name: field.name,
              described: (field.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)
                .every(id => document.getElementById(id)),
              describedby: field.getAttribute('aria-describedby'),
           }))"""
    )
    assert errors, f"{entry.path}: no field is marked aria-invalid after an empty submission"
    untied = [error for error in errors if not error["describedby"] or not error["described"]]
    assert not untied, f"{entry.path}: errors not tied to their field by aria-describedby: {untied}"
    checks.assert_accessible(page, entry, console_messages, failed_responses)


def test_it_makes_the_not_found_page_accessible(page, console_messages, failed_responses):
    response = page.goto(NOT_FOUND.path)
    assert response.status == 404
    checks.assert_accessible(page, NOT_FOUND, console_messages, failed_responses)


def test_it_loads_the_site_stylesheet(page):
    # axe's colour-contrast checks only mean something with the real styles applied.
    page.goto("/")
    sheets = page.evaluate(
        """() => [...document.styleSheets].map(sheet => ({
              href: sheet.href || '',
              rules: (() => { try { return sheet.cssRules.length; } catch (e) { return -1; } })(),
           }))"""
    )
    site = [sheet for sheet in sheets if sheet["href"].endswith("/static/css/site.css")]
    assert site, f"site.css is not among the loaded stylesheets: {sheets}"
    assert site[0]["rules"] > 0, "site.css loaded but holds no rule"
