"""The dashboard once warm (dashboard.views): the figures' HTML is kept for every process under
the stamps of what they count, what waits is one query read afresh on every request, and its rows'
HTML is kept for the same row. A warm page makes the same few queries at two sizes, shows a
change on the next request, and never shows one scope what belongs to another."""

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Event, Participation
from tests.dashboard.test_dashboard import LA_BAULE, crafted, signed_in  # noqa: F401
from tests.factories import EventFactory
from tests.factories.forum import PostFactory
from tests.factories.forum import ReportFactory as PostReportFactory
from tousvoisins import fragments

pytestmark = pytest.mark.django_db

# 1. session, 2. user, 3. roles, 4. what waits (all its kinds in one query); the stamps are a
# cache read, and the figures are not read at all.
WARM_QUERIES = 4


def page(client, query=""):
    response = client.get(reverse("dashboard") + query)
    assert response.status_code == 200
    return response.content.decode()


def figures_part(html):
    """Everything after what waits: the kept figures."""
    return html[html.index('id="referents"') :]


def waiting_part(html):
    """The section « Ce qui attend une réponse » alone."""
    return html[html.index('id="attente"') : html.index("</section>", html.index('id="attente"'))]


@pytest.mark.parametrize("size", [1, 6])
def test_a_warm_page_makes_the_same_few_queries_at_two_sizes(
    client, moderator, member, size, django_assert_num_queries
):
    for index in range(size):
        event = EventFactory(themes=["emploi"], insee=LA_BAULE if index % 2 else "44109")
        Participation.objects.create(occurrence=event.occurrences.get(), user=member)
        EventFactory(status=Event.Status.PROPOSED, title=f"Proposition {index}")
        PostReportFactory()
    signed_in(client, moderator)
    page(client)  # the figures are counted and kept, the rows rendered

    # Fewer than the first visit (tests/dashboard/test_dashboard.py, QUERIES): the figures are kept.
    with django_assert_num_queries(WARM_QUERIES):
        html = page(client)
    assert html.count("Proposition ") >= size
    assert html.count("Publicité, arnaque ou démarchage".lower()) == size


def test_each_period_has_its_own_kept_figures(client, moderator, crafted, django_assert_num_queries):  # noqa: F811
    signed_in(client, moderator)
    around, year = figures_part(page(client)), figures_part(page(client, "?periode=annee"))
    assert around != year  # the download links carry the period
    assert "?periode=annee&amp;tableau=dates-par-theme" in year

    with django_assert_num_queries(WARM_QUERIES):
        assert figures_part(page(client, "?periode=annee")) == year
    assert figures_part(page(client)) == around


def test_a_publication_shows_in_the_kept_figures_on_the_next_request(client, moderator, crafted):  # noqa: F811
    signed_in(client, moderator)
    before = page(client)
    assert '<tr><th scope="row">Nantes Métropole</th><td>3</td><td>1</td><td>2</td><td>3</td></tr>' in before
    assert "Proposition nantaise" in waiting_part(before)

    event = Event.objects.get(title="Proposition nantaise")
    event.status = Event.Status.PUBLISHED
    event.save()

    after = page(client)
    assert '<tr><th scope="row">Nantes Métropole</th><td>4</td><td>1</td><td>3</td><td>4</td></tr>' in after
    assert "Proposition nantaise" not in waiting_part(after)
    assert "Proposition bauloise" in waiting_part(after)


def test_a_new_report_waits_on_the_next_request_without_any_stamp(client, moderator, crafted):  # noqa: F811
    signed_in(client, moderator)
    assert "Signalement" not in waiting_part(page(client))

    report = PostReportFactory(post=PostFactory())

    html = waiting_part(page(client))
    assert "Signalement" in html
    assert f"/admin/forum/report/{report.pk}/change/" in html

    report.status = report.Status.HANDLED
    report.save()
    assert "Signalement" not in waiting_part(page(client))


def test_a_renamed_proposal_shows_its_new_title_at_once(client, moderator, crafted):  # noqa: F811
    signed_in(client, moderator)
    assert "Proposition nantaise" in waiting_part(page(client))

    # update(): no signal, no stamp; the row's key holds what it shows.
    Event.objects.filter(title="Proposition nantaise").update(title="Proposition de Rezé")

    html = waiting_part(page(client))
    assert "Proposition de Rezé" in html
    assert "Proposition nantaise" not in html


def test_a_referent_never_gets_the_moderation_s_rows_or_figures(
    client,
    moderator,
    nantes_referent,
    cap_referent,
    crafted,  # noqa: F811
):
    department = page(signed_in(client, moderator))
    assert "Proposition nantaise" in waiting_part(department)
    assert "Proposition bauloise" in waiting_part(department)

    nantes, cap = signed_in(Client(), nantes_referent), signed_in(Client(), cap_referent)
    for _ in range(2):  # cold, then warm
        nantes_page, cap_page = page(nantes), page(cap)
        assert "Proposition nantaise" in waiting_part(nantes_page)
        assert "Proposition bauloise" not in waiting_part(nantes_page)
        assert "Proposition bauloise" in waiting_part(cap_page)
        assert "Proposition nantaise" not in waiting_part(cap_page)
        assert "Les chiffres de votre périmètre de référent" in nantes_page
        assert "Les chiffres de tout le département." not in nantes_page
        assert "Cap Atlantique</th><td>1</td>" not in nantes_page
    assert "Les chiffres de tout le département." in page(client)


def test_another_process_reads_the_figures_built_by_the_first(
    client,
    moderator,
    django_assert_num_queries,
    crafted,  # noqa: F811
):
    signed_in(client, moderator)
    first = client.get(reverse("dashboard"))
    assert "dashboard/includes/figures.html" in [template.name for template in first.templates]
    # A process that starts now keeps nothing of its own: it reads the shared copy, and neither
    # counts nor renders the figures again.
    fragments.clear()
    with django_assert_num_queries(WARM_QUERIES):
        again = client.get(reverse("dashboard"))
    assert "dashboard/includes/figures.html" not in [template.name for template in again.templates]
    assert figures_part(again.content.decode()) == figures_part(first.content.decode())
