"""The agenda to print, in Chromium: axe-core on screen, and on paper only the sheet."""

import pytest

from tests.conftest import NANTES_METROPOLE

from . import checks

pytestmark = pytest.mark.browser
URL = f"/agenda/imprimer/{NANTES_METROPOLE}/"


@pytest.fixture
def events():
    from tests.factories import EventFactory, next_local

    return [
        EventFactory(
            title="Café-tricot", start=next_local(days=1, hour=14), step_free=True, hearing_loop=True
        ),
        EventFactory(title="Repair café", insee="44143", start=next_local(days=2, hour=10)),
        EventFactory(title="Marche du samedi", start=next_local(days=3, hour=9), recurrence="FREQ=WEEKLY"),
    ]


def test_it_makes_the_printable_agenda_accessible(page, events, console_messages, failed_responses):
    response = page.goto(URL)
    assert response.status == 200
    problems = checks.page_problems(page, title_fragment="Agenda à imprimer — Nantes Métropole")
    problems += checks.reflow_problems(page)
    problems += checks.csp_problems(console_messages)
    problems += [f"failed to load: {failure}" for failure in failed_responses]
    violations = checks.axe_violations(page)
    if violations:
        problems.append("axe-core violations:\n" + checks.format_violations(violations))
    assert not problems, f"{URL}:\n" + "\n".join(problems)
    assert page.get_by_role("img", name="QR code : l'agenda de Nantes Métropole").is_visible()


def test_on_paper_only_the_sheet_is_printed(page, events):
    page.goto(URL)
    assert page.locator(".site-header").is_visible()
    assert page.locator(".print-hint").is_visible()
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".breadcrumbs", ".print-hint", ".skip-link"):
        assert page.locator(hidden).first.is_hidden(), f"{hidden} would be printed"
    assert page.get_by_role("heading", level=1).inner_text() == "Agenda : Nantes Métropole"
    assert page.get_by_text("Café-tricot").is_visible()
    qr_code = page.get_by_role("img", name="QR code : l'agenda de Nantes Métropole")
    assert qr_code.is_visible()
    # About 32 mm wide on paper (96 CSS pixels to the inch), large enough for any phone.
    assert 110 < qr_code.bounding_box()["width"] < 130
    # Black on white: nothing depends on colour.
    colours = page.evaluate(
        """() => [...document.querySelectorAll('.print-sheet, .print-sheet *')]
              .map(el => getComputedStyle(el).color)"""
    )
    assert set(colours) == {"rgb(0, 0, 0)"}
