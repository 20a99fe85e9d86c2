"""More figures of the dashboard on crafted data: referents, forum, accessibility, new members,
periods; the admin home links to the dashboard."""

from datetime import date

import pytest
from django.urls import reverse

from dashboard.periods import PeriodForm
from referents.models import Referent
from tests.conftest import CAP_ATLANTIQUE, PASSWORD
from tests.factories import EventFactory
from tests.factories.forum import PostFactory, TopicFactory
from tests.factories.referents import ReferentFactory


def figures_for(client, user, **query):
    client.login(username=user.username, password=PASSWORD)
    return client.get(reverse("dashboard"), query).context["figures"]


def test_intercommunalites_without_referent_are_flagged(client, moderator):
    ReferentFactory(public_name="Yann", kind=Referent.Kind.TERRITORY, sirens=[CAP_ATLANTIQUE])
    table = figures_for(client, moderator)["referents"]
    by_name = {row[0]: (index, row) for index, row in enumerate(table.rows)}
    index, row = by_name["Cap Atlantique"]
    assert row == ["Cap Atlantique", 1, "Yann"]
    assert index not in table.flagged
    index, row = by_name["Nozay"]
    assert row == ["Nozay", 0, "Aucun référent"]
    assert index in table.flagged
    assert len(table.flagged) == 16


def test_forum_activity_per_category(client, moderator, thematic_referent):
    topic = TopicFactory(category="emploi")
    PostFactory(topic=topic)
    TopicFactory(category="solidarite")
    rows = {row[0]: row[1:] for row in figures_for(client, moderator)["forum"].rows}
    assert rows["Emploi"] == [2, 1]
    assert rows["Solidarité"] == [1, 1]
    client.logout()
    # A thematic referent sees the categories of their thèmes only.
    rows = {row[0]: row[1:] for row in figures_for(client, thematic_referent)["forum"].rows}
    assert rows == {"Emploi": [2, 1]}


def test_share_of_events_with_accessibility_and_a_welcomer(client, moderator):
    EventFactory(step_free=True, welcomer_name="Martine")
    EventFactory(quiet_place=True)
    EventFactory()
    EventFactory()
    table = figures_for(client, moderator)["accessibility"]
    assert table.rows == [
        ["Au moins une information d'accessibilité", 2, 4, 50.0],
        ["Une personne pour accueillir", 1, 4, 25.0],
    ]
    response = client.get(reverse("dashboard"))
    assert "50,0" in response.content.decode()


def test_new_members_per_month(client, moderator, member):
    rows = figures_for(client, moderator, periode="mois")["members"].rows
    assert len(rows) == 1
    # The moderator and Alice joined this month.
    assert rows[0][1] == 2


@pytest.mark.parametrize(
    ("choice", "first", "last", "label"),
    [
        ("mois", date(2026, 11, 1), date(2026, 11, 30), "novembre 2026"),
        ("trimestre", date(2026, 10, 1), date(2026, 12, 31), "4e trimestre 2026"),
        ("annee", date(2026, 1, 1), date(2026, 12, 31), "l'année 2026"),
        ("autour", date(2026, 8, 1), date(2027, 2, 28), "les trois derniers et les trois prochains mois"),
    ],
)
def test_periods(choice, first, last, label):
    period = PeriodForm({"periode": choice}).period(today=date(2026, 11, 15))
    assert (period.first_day, period.last_day, period.label) == (first, last, label)


def test_a_period_of_more_than_three_years_is_refused():
    form = PeriodForm({"periode": "choix", "debut": "2020-01-01", "fin": "2026-01-01"})
    assert not form.is_valid()
    assert form.errors["fin"] == ["Choisissez une période de trois ans au plus."]


def test_the_admin_home_links_to_the_dashboard(client, nantes_referent):
    client.login(username=nantes_referent.username, password=PASSWORD)
    assert reverse("dashboard") in client.get(reverse("admin:index")).content.decode()
