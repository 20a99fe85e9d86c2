"""The checks catch a broken page: an accessibility test that cannot fail proves nothing."""

import pytest

from . import checks

pytestmark = pytest.mark.browser

BROKEN_PAGE = """<!doctype html>
<html><head><title>Cassée</title></head>
<body>
  <h1>Une page</h1><h1>Deux titres</h1>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
  <form><input type="text" name="nom"></form>
  <p><span style="color:#bbb;background:#fff">Texte trop pâle</span></p>
  <div style="width:600px">Trop large</div>
</body></html>"""


def test_it_reports_a_page_that_breaks_the_rules(blank_page):
    page = blank_page
    page.set_content(BROKEN_PAGE)

    rules = {violation["id"] for violation in checks.axe_violations(page)}
    assert {"image-alt", "label", "html-has-lang", "color-contrast"} <= rules

    problems = "\n".join(checks.page_problems(page, title_fragment="Accueil"))
    assert "lang" in problems
    assert "is not «Page — Tous voisins 44»" in problems
    assert "does not contain 'Accueil'" in problems
    assert "2 <h1>" in problems
    assert "skip link" in problems

    assert checks.reflow_problems(page), "a 600 px wide block must fail at 320 px"


def test_it_lists_each_violation_with_its_rule_and_target(blank_page):
    page = blank_page
    page.set_content(BROKEN_PAGE)

    report = checks.format_violations(checks.axe_violations(page))

    assert "- image-alt (critical): Images must have alternative text" in report
    assert "at img:" in report


def test_it_notices_a_content_security_policy_violation(page, console_messages):
    page.goto("/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">inline</p>')")
    page.wait_for_function("document.body.lastElementChild.tagName === 'P'")

    assert checks.csp_problems(console_messages)
    console_messages.clear()  # the page fixture would otherwise fail this test at teardown


def test_it_notices_a_focus_that_cannot_be_seen(blank_page):
    page = blank_page
    page.set_content('<a href="#a" id="plain">Visible</a> <a href="#b" style="outline: none">Invisible</a>')

    page.keyboard.press("Tab")
    assert checks.focus_indicator_problem(page) is None
    page.keyboard.press("Tab")
    assert "«Invisible» has no visible focus" in checks.focus_indicator_problem(page)
