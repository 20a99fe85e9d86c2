"""The dashboard's figures are kept under the stamps of everything they count (dashboard.queries):
a new member, a new forum post, a registration show on the next request; the page says when the
figures were counted; each scope has its own copy; a download reads no more than its table."""

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.periods import month_label
from events.models import Participation
from tests.conftest import make_user
from tests.dashboard.test_dashboard import crafted, rows, signed_in  # noqa: F401
from tests.factories import EventFactory
from tests.factories.forum import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def figures(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.context["figures"], response.content.decode()


def this_month(table):
    return rows(table)[month_label(timezone.localdate().replace(day=1))]


def test_a_new_member_shows_at_once(client, moderator, crafted):  # noqa: F811
    signed_in(client, moderator)
    before = this_month(figures(client)[0]["members"])[0]

    make_user("nouvelle-voisine")

    after, html = figures(client)
    assert this_month(after["members"])[0] == before + 1
    assert f"<td>{before + 1}</td>" in html


def test_a_new_post_today_shows_at_once(client, moderator, crafted):  # noqa: F811
    signed_in(client, moderator)
    topic = TopicFactory()
    before = rows(figures(client)[0]["forum"])[topic.category.name]

    PostFactory(topic=topic)

    after = rows(figures(client)[0]["forum"])[topic.category.name]
    assert after == [before[0] + 1, before[1]]


def test_a_registration_shows_at_once(client, moderator, member, crafted):  # noqa: F811
    signed_in(client, moderator)
    occurrence = EventFactory(themes=["emploi"]).occurrences.get()
    month = month_label(timezone.localtime(occurrence.start).date().replace(day=1))
    before = rows(figures(client)[0]["participations"])[month]

    Participation.objects.create(occurrence=occurrence, user=member)

    after = rows(figures(client)[0]["participations"])[month]
    assert after == [before[0] + 1, before[1], before[2] + 1]


def test_the_page_says_when_its_figures_were_counted(client, moderator, crafted):  # noqa: F811
    html = figures(signed_in(client, moderator))[1]
    assert "Chiffres comptés le " in html
    assert "« Ce qui attend une réponse » est toujours à jour." in html


def test_a_referent_never_gets_the_departement_s_kept_figures(
    client,
    moderator,
    nantes_referent,
    crafted,  # noqa: F811
):
    from django.test import Client

    department = figures(signed_in(client, moderator))[1]
    referent_page = figures(signed_in(Client(), nantes_referent))[1]

    assert "Cap Atlantique</th><td>1</td>" in department
    assert "Cap Atlantique</th><td>1</td>" not in referent_page


@pytest.mark.parametrize("size", [1, 6])
def test_a_download_reads_the_same_few_queries_at_two_sizes(
    client, moderator, member, size, django_assert_num_queries
):
    for _ in range(size):
        event = EventFactory(themes=["emploi"])
        Participation.objects.create(occurrence=event.occurrences.get(), user=member)
    signed_in(client, moderator)
    path = reverse("dashboard") + "?tableau=dates-par-theme"
    client.get(path)  # the figures are kept

    # 1. session, 2. user, 3. roles; the figures are kept, and what waits is not read for another table
    with django_assert_num_queries(3):
        response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def test_a_quiet_forum_category_is_not_listed_until_someone_writes(client, moderator, crafted):  # noqa: F811
    signed_in(client, moderator)
    assert "Emploi" not in rows(figures(client)[0]["forum"])

    TopicFactory(category="emploi")

    table, html = figures(client)
    assert rows(table["forum"])["Emploi"] == [1, 1]
    assert "Seules les catégories où un message a été écrit sur la période sont listées." in html
