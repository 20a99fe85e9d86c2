"""The readability hint of the proposal form in Chromium (issue 17, item 2): "Relire mon texte"
sends nothing, puts the focus on a box that lists the hints with links to their field, shows
each hint after its field, and the page passes axe-core; the proposal is then sent all the same."""

import pytest

from events.models import Event

from . import checks
from .browsing import focused, sign_in
from .pages import Page

pytestmark = pytest.mark.browser

HARD_SUMMARY = (
    "Dans le cadre de la mutualisation des moyens de l'EPCI, la dématérialisation des démarches "
    "permet aux usagers de réaliser leurs formalités en ligne sans se déplacer jusqu'à la mairie."
)


def test_the_hint_of_the_proposal_form_takes_the_focus_never_blocks_and_passes_axe(
    page, browser_member, console_messages, failed_responses
):
    sign_in(page, browser_member)
    assert page.goto("/agenda/proposer/").status == 200
    page.fill("#id_title", "Café-démarches")
    page.fill("#id_summary", HARD_SUMMARY)
    with page.expect_navigation():
        page.get_by_role("button", name="Relire mon texte, sans envoyer").click()

    box = page.locator(".readability-summary")
    assert "pour un texte facile à lire" in box.locator("h2").inner_text()
    assert "Rien n'est encore envoyé." in box.inner_text()
    assert page.evaluate("() => document.activeElement.classList.contains('readability-summary')"), focused(
        page
    )
    # What was typed is kept; no error is said yet for the fields still empty.
    assert page.input_value("#id_summary") == HARD_SUMMARY
    assert page.locator(".error-summary").count() == 0
    hints = page.locator("#id_summary_hints")
    assert "mutualisation" in hints.inner_text()
    assert "id_summary_hints" in page.get_attribute("#id_summary", "aria-describedby")
    checks.assert_accessible(
        page, Page("/agenda/proposer/", "Proposer une rencontre"), console_messages, failed_responses
    )

    # A link of the box leads to the field.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'id_summary'")

    # The rest filled in, the proposal goes with its hints: they are advice.
    page.check("input[name=themes][value=emploi]")
    page.fill("#id_start_date", "2027-03-09")
    page.fill("#id_start_time", "14:00")
    page.fill("#id_end_time", "16:00")
    page.fill("#id_place_name", "Mairie")
    page.fill("#id_commune_name", "Rezé")
    page.fill("#id_organiser_name", "France services")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer ma proposition").click()
    assert "/agenda/mes-propositions/" in page.url
    assert "Conseils pour un texte facile à lire" in page.locator("main").inner_text()
    assert Event.objects.get(title="Café-démarches").summary == HARD_SUMMARY
