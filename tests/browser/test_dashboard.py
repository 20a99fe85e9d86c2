"""The dashboard in Chromium: axe-core finds nothing, for the moderation and for a referent, with
the period's error state too."""

import pytest

from accounts.models import MODERATION, TERRITORY_REFERENTS
from events.models import Event
from tests.conftest import NANTES_METROPOLE, make_user
from tests.factories import EventFactory, next_local

from .test_admin_referents import admin_problems, sign_in_admin

pytestmark = pytest.mark.browser


@pytest.fixture
def dashboard_data():
    make_user("nadia", group=TERRITORY_REFERENTS, sirens=[NANTES_METROPOLE])
    make_user("mona", group=MODERATION)
    EventFactory(title="Café-emploi", themes=["emploi"])
    EventFactory(title="Balade passée", start=next_local(days=-10))
    EventFactory(title="Pique-nique", status=Event.Status.PROPOSED)


@pytest.mark.parametrize("username", ["nadia", "mona"])
def test_the_dashboard_passes_axe(page, dashboard_data, console_messages, failed_responses, username):
    sign_in_admin(page, username)
    problems = []
    for path in (
        "/admin/tableau-de-bord/",
        "/admin/tableau-de-bord/?periode=choix&debut=2026-09-30&fin=2026-09-01",
    ):
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        problems += [
            f"{path}: {problem}" for problem in admin_problems(page, console_messages, failed_responses)
        ]
    assert not problems, "\n".join(problems)
