""" "Inscrire quelqu'un" and "Qui vient" in Chromium, signed in as a territory referent: axe-core and
the house rules on the form (empty and with its errors) and on the list, which prints alone."""

import pytest
from django.utils import timezone

from accounts.models import TERRITORY_REFERENTS
from tests.conftest import NANTES_METROPOLE, make_user

from . import checks
from .browsing import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def event(page):
    from events.models import ProxyRegistration
    from tests.factories import EventFactory, next_local

    event = EventFactory(title="Café-tricot", start=next_local(days=2), recurrence="FREQ=WEEKLY", capacity=12)
    ProxyRegistration.objects.create(
        occurrence=event.occurrences.earliest("start"),
        first_name="Jeannine",
        phone="02 40 12 34 56",
        notes="Vient en fauteuil",
        consent_given_on=timezone.localdate(),
    )
    return event


@pytest.fixture
def referent(page):
    user = make_user("nadia", group=TERRITORY_REFERENTS, sirens=[NANTES_METROPOLE])
    sign_in(page, user)
    return user


def problems_of(page, console_messages, failed_responses, title):
    problems = checks.page_problems(page, title_fragment=title)
    problems += checks.reflow_problems(page)
    problems += checks.csp_problems(console_messages)
    problems += [f"failed to load: {failure}" for failure in failed_responses]
    violations = checks.axe_violations(page)
    if violations:
        problems.append("axe-core violations:\n" + checks.format_violations(violations))
    return problems


def test_the_registration_form_is_accessible_empty_and_with_errors(
    page, event, referent, console_messages, failed_responses
):
    url = f"{event.get_absolute_url()}inscrire-quelqu-un/"
    assert page.goto(url).status == 200
    problems = problems_of(page, console_messages, failed_responses, "Inscrire quelqu'un — Café-tricot")
    assert not problems, "\n".join(problems)

    page.get_by_role("textbox", name="Prénom (obligatoire)").fill("Marcel")
    with page.expect_navigation():
        page.get_by_role("button", name="Inscrire cette personne").click()
    assert page.get_by_text("La personne n'est pas encore inscrite.").is_visible()
    assert page.get_by_role("textbox", name="Prénom (obligatoire)").input_value() == "Marcel"
    invalid = page.locator("[aria-invalid=true]")
    assert invalid.count() >= 2  # the phone or address, and the consent
    problems = problems_of(page, console_messages, failed_responses, "Erreur — Inscrire quelqu'un")
    assert not problems, "\n".join(problems)


def test_the_who_comes_list_is_accessible_and_prints_alone(
    page, event, referent, console_messages, failed_responses
):
    url = f"{event.get_absolute_url()}qui-vient/"
    assert page.goto(url).status == 200
    problems = problems_of(page, console_messages, failed_responses, "Qui vient — Café-tricot")
    assert not problems, "\n".join(problems)
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".breadcrumbs", ".who-comes-hint"):
        assert page.locator(hidden).first.is_hidden(), f"{hidden} would be printed"
    assert page.get_by_role("cell", name="02 40 12 34 56").is_visible()
