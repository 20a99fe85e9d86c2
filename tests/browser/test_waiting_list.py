"""The waiting list in Chromium: the event page of a full date with its "Je m'inscris sur la liste
d'attente" button, then the member's place in line, then the place offered to them, and the
referents' "Qui vient" with the list; axe-core and the house rules at each step, by keyboard."""

import pytest
from django.utils import timezone

from accounts.models import TERRITORY_REFERENTS
from tests.conftest import NANTES_METROPOLE, make_user

from . import checks
from .browsing import focused, sign_in, tab_until

pytestmark = pytest.mark.browser


@pytest.fixture
def occurrence(page):
    from events.models import Participation, WaitingListEntry
    from events.services_waiting_list import waiting_list_join
    from tests.factories import EventFactory, next_local

    event = EventFactory(title="Atelier couture", start=next_local(days=3), capacity=1)
    occurrence = event.occurrences.get()
    Participation.objects.create(occurrence=occurrence, user=make_user("venue"))
    odette = WaitingListEntry(
        first_name="Odette",
        phone="02 40 11 22 33",
        consent_given_on=timezone.localdate(),
        consent_channel="telephone",
    )
    waiting_list_join(occurrence=occurrence, person=odette, registered_by=None)
    return occurrence


def problems_of(page, console_messages, failed_responses, title):
    problems = checks.page_problems(page, title_fragment=title)
    problems += checks.reflow_problems(page)
    problems += checks.csp_problems(console_messages)
    problems += [f"failed to load: {failure}" for failure in failed_responses]
    violations = checks.axe_violations(page)
    if violations:
        problems.append("axe-core violations:\n" + checks.format_violations(violations))
    return problems


def test_a_member_joins_the_waiting_list_by_keyboard_and_the_page_stays_accessible(
    page, occurrence, console_messages, failed_responses
):
    from events.models import Participation, WaitingListEntry
    from events.services_waiting_list import offer_next_place, waiting_list_leave

    member = make_user("alice")
    sign_in(page, member)
    url = occurrence.event.get_absolute_url()
    assert page.goto(url).status == 200
    assert not problems_of(page, console_messages, failed_responses, "Atelier couture")
    assert page.get_by_text("1 personne sur la liste d'attente.").is_visible()

    button = tab_until(page, lambda element: "Je m'inscris sur la liste d'attente" in element["text"])
    assert button and button["tag"] == "button", focused(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Vous êtes 2e sur la liste d'attente.").first.is_visible()
    assert not problems_of(page, console_messages, failed_responses, "Atelier couture")

    # Odette lets her turn go and the place comes to Alice.
    waiting_list_leave(entry=WaitingListEntry.objects.get(first_name="Odette"))
    Participation.objects.filter(occurrence=occurrence).delete()
    offer_next_place(occurrence=occurrence)
    page.goto(url)
    assert page.get_by_text("Une place s'est libérée pour vous.").is_visible()
    assert not problems_of(page, console_messages, failed_responses, "Atelier couture")
    with page.expect_navigation():
        page.get_by_role("button", name="Je prends la place").click()
    assert page.get_by_text("Vous participez.").is_visible()
    assert Participation.objects.filter(occurrence=occurrence, user=member).exists()


def test_the_referents_see_the_waiting_list_in_who_comes(
    page, occurrence, console_messages, failed_responses
):
    sign_in(page, make_user("nadia", group=TERRITORY_REFERENTS, sirens=[NANTES_METROPOLE]))
    assert page.goto(occurrence.event.get_absolute_url() + "qui-vient/").status == 200
    assert page.get_by_role("heading", name="Liste d'attente").is_visible()
    assert page.get_by_text("02 40 11 22 33").is_visible()
    assert not problems_of(page, console_messages, failed_responses, "Qui vient — Atelier couture")


def test_the_waiting_list_admin_passes_axe(page, occurrence, console_messages, failed_responses):
    from events.models import Participation, WaitingListEntry
    from events.services_waiting_list import offer_next_place

    from .test_admin_referents import admin_problems, sign_in_admin

    make_user("nadia", group=TERRITORY_REFERENTS, sirens=[NANTES_METROPOLE])
    Participation.objects.filter(occurrence=occurrence).delete()
    offer_next_place(occurrence=occurrence)  # Odette is offered the place: "appelez la personne"
    odette = WaitingListEntry.objects.get()
    sign_in_admin(page, "nadia")
    problems = []
    for path in (
        "/admin/events/waitinglistentry/",
        "/admin/events/waitinglistentry/add/",
        f"/admin/events/waitinglistentry/{odette.pk}/change/",
    ):
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        problems += [
            f"{path}: {problem}" for problem in admin_problems(page, console_messages, failed_responses)
        ]
    assert page.goto("/admin/events/waitinglistentry/").status == 200
    assert page.get_by_text("Place proposée : appelez la personne").is_visible()
    assert not problems, "\n".join(problems)
