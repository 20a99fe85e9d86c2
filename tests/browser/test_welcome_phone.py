"""An event's page with its welcomer, how to come and the number to call, in Chromium: axe-core."""

import pytest

from . import checks

pytestmark = pytest.mark.browser


def test_the_event_page_with_its_welcome_section_is_accessible(page, console_messages, failed_responses):
    from tests.factories import EventFactory, next_local

    event = EventFactory(
        title="Café-tricot",
        start=next_local(days=1, hour=14),
        welcomer_name="Martine",
        welcomer_hint="au fond de la salle, avec un foulard vert",
        how_to_come="Bus C4, arrêt Mairie.",
        phone_registration=True,
        phone_number="0240123456",
    )
    response = page.goto(event.get_absolute_url())
    assert response.status == 200
    problems = checks.page_problems(page, title_fragment="Café-tricot")
    problems += checks.csp_problems(console_messages)
    problems += [f"failed to load: {failure}" for failure in failed_responses]
    violations = checks.axe_violations(page)
    if violations:
        problems.append("axe-core violations:\n" + checks.format_violations(violations))
    assert not problems, "\n".join(problems)
    assert page.get_by_role("heading", name="Sur place").is_visible()
    assert page.get_by_role("link", name="02 40 12 34 56").get_attribute("href") == "tel:+33240123456"
