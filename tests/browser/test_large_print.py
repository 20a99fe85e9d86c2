"""The large-print programme in Chromium, with events: axe-core on screen, large black type on paper."""

import pytest

from tests.conftest import NANTES_METROPOLE

from . import checks

pytestmark = pytest.mark.browser
URL = f"/agenda/imprimer/{NANTES_METROPOLE}/gros-caracteres/"


@pytest.fixture
def events():
    from tests.factories import EventFactory, next_local

    return [
        EventFactory(
            title="Café-tricot",
            start=next_local(days=1, hour=14),
            recurrence="FREQ=WEEKLY",
            step_free=True,
            welcomer_name="Martine",
            welcomer_hint="au fond de la salle, avec un foulard vert",
            how_to_come="Bus C4, arrêt Mairie.",
            phone_registration=True,
            phone_number="0240123456",
        ),
        EventFactory(title="Repair café", insee="44143", start=next_local(days=2, hour=10)),
    ]


def test_the_large_print_programme_is_accessible(page, events, console_messages, failed_responses):
    response = page.goto(URL)
    assert response.status == 200
    problems = checks.page_problems(page, title_fragment="Programme en gros caractères — Nantes Métropole")
    problems += checks.reflow_problems(page)
    problems += checks.csp_problems(console_messages)
    problems += [f"failed to load: {failure}" for failure in failed_responses]
    violations = checks.axe_violations(page)
    if violations:
        problems.append("axe-core violations:\n" + checks.format_violations(violations))
    assert not problems, f"{URL}:\n" + "\n".join(problems)


def test_on_paper_the_type_is_large_and_black(page, events):
    page.goto(URL)
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.large-print p, .large-print h1, .large-print h3')]
              .map(el => [el.tagName, parseFloat(getComputedStyle(el).fontSize)])"""
    )
    body = [size for tag, size in sizes if tag == "P"]
    titles = [size for tag, size in sizes if tag == "H3"]
    # 16 pt is 21.3 CSS pixels.
    assert min(body) >= 21.3
    assert min(titles) > max(body)
    colours = page.evaluate(
        """() => [...document.querySelectorAll('.large-print, .large-print *')]
              .map(el => getComputedStyle(el).color)"""
    )
    assert set(colours) == {"rgb(0, 0, 0)"}
    page.screenshot(path="/tmp/wt12-large-print.png", full_page=True)
