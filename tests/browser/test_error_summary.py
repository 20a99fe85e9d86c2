"""The error summary in Chromium (issue 17, items 4 and 9): after a form is sent empty, the focus
is on the summary at the top; Tab then Enter on its first link puts the focus in that field; the
page passes axe-core. For the contact form, the proposal form, the sign-up form and a forum reply."""

import pytest

from . import checks
from .browsing import focused, sign_in
from .pages import Page

pytestmark = pytest.mark.browser


def send_empty(page, path, form_selector="main form[method=post i]"):
    assert page.goto(path).status == 200
    form = page.locator(form_selector).last
    # Skip the browser's own checks of required fields so that the server's messages show.
    form.evaluate("form => { form.noValidate = true; }")
    with page.expect_navigation():
        form.locator("[type=submit], button:not([type])").first.click()


def assert_summary_takes_the_focus_and_leads_to_the_field(page):
    summary = page.locator(".error-summary")
    assert summary.count() == 1
    heading = summary.locator("h2").inner_text()
    assert heading.endswith("à corriger"), heading
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')"), focused(page)

    page.keyboard.press("Tab")
    link = focused(page)
    first_link = summary.locator("a").first
    assert link["href"] == first_link.get_attribute("href"), link
    page.keyboard.press("Enter")
    target = link["href"].removeprefix("#")
    page.wait_for_function("id => document.activeElement && document.activeElement.id === id", arg=target)
    assert focused(page)["id"] == target


@pytest.mark.parametrize(
    ("path", "title"),
    [("/contact/", "Erreur — Contact"), ("/comptes/signup/", "Erreur — Créer un compte")],
)
def test_the_summary_of_a_public_form_takes_the_focus(page, console_messages, failed_responses, path, title):
    send_empty(page, path)

    assert_summary_takes_the_focus_and_leads_to_the_field(page)
    checks.assert_accessible(page, Page(path, title), console_messages, failed_responses)


def test_the_summary_of_the_proposal_form_takes_the_focus(
    page, browser_member, console_messages, failed_responses
):
    sign_in(page, browser_member)
    send_empty(page, "/agenda/proposer/")

    assert_summary_takes_the_focus_and_leads_to_the_field(page)
    checks.assert_accessible(
        page, Page("/agenda/proposer/", "Erreur — Proposer une rencontre"), console_messages, failed_responses
    )


def test_the_summary_of_a_forum_reply_takes_the_focus(
    page, browser_member, console_messages, failed_responses
):
    from tests.factories.forum import TopicFactory

    topic = TopicFactory(category="emploi", title="Préparer un entretien")
    sign_in(page, browser_member)
    send_empty(page, topic.get_absolute_url(), "main form.forum-form")

    assert_summary_takes_the_focus_and_leads_to_the_field(page)
    checks.assert_accessible(
        page, Page(page.url, "Erreur — Préparer un entretien"), console_messages, failed_responses
    )
