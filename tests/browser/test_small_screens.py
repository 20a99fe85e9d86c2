"""Small screens and the agenda's filters (issue 17, item 6), and date fields' focus (item 5):
on a 360-pixel phone the first rencontre comes before the filter form, which folds under
« Filtrer les rencontres » (a <details>: it opens and sends without JavaScript); « Commune ou
code postal » replaces the two lists of 207 communes; each part of a date field shows the focus."""

import pytest
from playwright.sync_api import expect

from pages.reading_comfort import COOKIE_NAME
from tests.factories import EventFactory, next_local

from . import checks
from .conftest import _empty_answer

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def agenda():
    EventFactory(title="Chorale", insee="44109", start=next_local(days=2, hour=18))  # Nantes
    EventFactory(title="Repair café", insee="44184", start=next_local(days=3, hour=10))  # Saint-Nazaire
    EventFactory(title="Atelier CV", insee="44043", start=next_local(days=4, hour=14))  # Clisson


def first_rencontre(page):
    return page.locator(".agenda-item").first


@pytest.mark.parametrize("query", ["", "?lieu=Nantes", "?lieu=Nantes&rayon=60"])
def test_on_a_phone_the_first_rencontre_comes_before_the_filter_form(page, agenda, query):
    page.set_viewport_size(PHONE)
    page.goto(f"/agenda/{query}")

    summary = page.locator("summary", has_text="Filtrer les rencontres")
    form = page.locator("form.filters")
    expect(first_rencontre(page)).to_be_visible()
    # Folded: the fields take no room and no tab stop before the dates.
    expect(form).to_be_hidden()
    assert summary.bounding_box()["y"] < first_rencontre(page).bounding_box()["y"]
    assert first_rencontre(page).bounding_box()["y"] < page.viewport_size["height"] * 1.5
    # By keyboard: the summary, then the first rencontre's link.
    summary.focus()
    page.keyboard.press("Tab")
    expect(first_rencontre(page).locator("a").first).to_be_focused()

    # Opened, the form comes between the summary and the dates, as it reads.
    summary.click()
    expect(form).to_be_visible()
    assert form.bounding_box()["y"] < first_rencontre(page).bounding_box()["y"]
    if query:
        expect(summary).to_contain_text("Filtres choisis :")


def test_a_filter_to_correct_opens_the_form_with_its_message(
    page, agenda, console_messages, failed_responses
):
    page.set_viewport_size(PHONE)
    page.goto("/agenda/?lieu=44190")

    field = page.get_by_label("Commune ou code postal")
    expect(field).to_be_visible()
    expect(field).to_have_value("44190")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_lieu_error")).to_contain_text("Vouliez-vous dire Boussay, Clisson")
    page.get_by_role("link", name="Clisson", exact=True).click()
    page.wait_for_url("**/agenda/?lieu=Clisson")
    expect(page.locator(".agenda-item")).to_have_count(1)
    expect(first_rencontre(page)).to_contain_text("Atelier CV")
    assert checks.axe_violations(page) == []
    assert not checks.reflow_problems(page)
    assert not checks.csp_problems(console_messages)
    assert not failed_responses


@pytest.fixture
def page_without_javascript(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=PHONE, java_script_enabled=False
    )
    context.set_default_timeout(5_000)
    context.route(lambda url: not url.startswith(live_server.url), _empty_answer)
    yield context.new_page()
    context.close()


def test_the_filters_open_and_send_without_javascript(page_without_javascript, agenda):
    page = page_without_javascript
    page.goto("/agenda/")
    form = page.locator("form.filters")
    expect(form).to_be_hidden()

    page.locator("summary", has_text="Filtrer les rencontres").click()
    expect(form).to_be_visible()
    page.get_by_label("Commune ou code postal").fill("st nazaire")
    page.get_by_role("button", name="Afficher les rencontres").click()

    page.wait_for_url("**/agenda/?*lieu=st+nazaire*")
    expect(page.locator("h1")).to_contain_text("Saint-Nazaire")
    expect(page.locator(".agenda-item")).to_have_count(1)
    expect(first_rencontre(page)).to_contain_text("Repair café")
    expect(page.locator("summary", has_text="Filtrer les rencontres")).to_contain_text(
        "Filtres choisis : Saint-Nazaire"
    )

    # By keyboard too: Enter on the summary opens it.
    page.goto("/agenda/")
    page.locator("summary", has_text="Filtrer les rencontres").focus()
    page.keyboard.press("Enter")
    expect(form).to_be_visible()


@pytest.mark.parametrize("comfort", ["", "tres-grand.contraste.large"])
def test_each_part_of_a_date_field_shows_the_focus(page, live_server, agenda, comfort):
    if comfort:  # « Confort de lecture »: the largest text, high contrast and wide spacing
        page.context.add_cookies([{"name": COOKIE_NAME, "value": comfort, "url": live_server.url}])
    page.goto("/agenda/")
    page.locator("summary", has_text="Filtrer les rencontres").click()
    page.get_by_label("Mots").focus()

    parts = 0
    for _ in range(30):
        page.keyboard.press("Tab")
        active = page.evaluate("() => document.activeElement.id")
        if active in ("id_du", "id_au"):
            parts += 1
            problem = checks.focus_indicator_problem(page)
            assert problem is None, f"{active}, part {parts}: {problem}"
        elif parts:
            break
    # Day, month and year of both fields at least (and the calendar button where Chromium has it).
    assert parts >= 6


@pytest.mark.parametrize("comfort", ["normal", "grand", "tres-grand", "tres-grand.contraste.large"])
@pytest.mark.parametrize("query", ["", "?lieu=44190"])
def test_the_phone_layout_passes_axe_core_at_each_text_size_and_in_high_contrast(
    page, live_server, agenda, comfort, query, console_messages, failed_responses
):
    page.context.add_cookies([{"name": COOKIE_NAME, "value": comfort, "url": live_server.url}])
    page.set_viewport_size(PHONE)
    page.goto(f"/agenda/{query}")

    if not query:  # folded: the dates first
        expect(page.locator("form.filters")).to_be_hidden()
        assert (
            page.locator("summary", has_text="Filtrer les rencontres").bounding_box()["y"]
            < (first_rencontre(page).bounding_box()["y"])
        )
    problems = checks.reflow_problems(page) + checks.csp_problems(console_messages)
    violations = checks.axe_violations(page)
    if violations:
        problems.append(checks.format_violations(violations))
    assert not problems, "\n".join(problems)
    assert not failed_responses
