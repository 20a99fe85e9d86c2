"""The dashboard in the admin: figures on crafted data, scoping from both sides, CSV, SVG, queries."""

import csv
import io
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from events.models import Event, Participation
from tests.conftest import PASSWORD, make_user
from tests.factories import EventFactory, next_local

LA_BAULE = "44055"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def crafted(db):
    """Nantes Métropole: two emploi events next week and one last week; Cap Atlantique: one loisirs
    event next week; one proposal in each."""
    EventFactory(themes=["emploi"], title="Atelier CV")
    EventFactory(themes=["emploi"], title="Café emploi")
    EventFactory(themes=["emploi"], title="Emploi passé", start=next_local(days=-7))
    EventFactory(insee=LA_BAULE, themes=["loisirs-culture-sport"], title="Balade à La Baule")
    EventFactory(themes=["emploi"], title="Proposition nantaise", status=Event.Status.PROPOSED)
    EventFactory(
        insee=LA_BAULE,
        themes=["loisirs-culture-sport"],
        title="Proposition bauloise",
        status=Event.Status.PROPOSED,
    )


def signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def rows(table):
    return {row[0]: row[1:] for row in table.rows}


def test_the_moderation_sees_the_departement_figures(client, moderator, crafted):
    response = signed_in(client, moderator).get(reverse("dashboard"))
    assert response.status_code == 200
    figures = response.context["figures"]
    dates = rows(figures["dates"])
    assert dates["Nantes Métropole"] == [3, 1, 2, 3]
    assert dates["Cap Atlantique"] == [1, 0, 1, 1]
    assert dates["Nozay"] == [0, 0, 0, 0]
    assert len(figures["dates"].rows) == 17
    themes = rows(figures["themes"])
    assert themes["Emploi"] == [3, 1, 2, 3]
    assert themes["Loisirs, culture et sport"] == [1, 0, 1, 1]
    assert themes["Mobilité"] == [0, 0, 0, 0]
    density = rows(figures["density"])
    assert density["Cap Atlantique"] == [71831, 1, round(10_000 / 71831, 1)]
    # The empty ones are said in words, not only by colour.
    html = response.content.decode()
    assert "À voir :" in html
    assert "Tableau de bord" in html
    pending = [row[1] for row in figures["pending"].rows]
    assert pending == ["Proposition nantaise", "Proposition bauloise"]


def test_a_referent_sees_their_scope_only(client, nantes_referent, crafted):
    response = signed_in(client, nantes_referent).get(reverse("dashboard"))
    figures = response.context["figures"]
    assert list(rows(figures["dates"])) == ["Nantes Métropole"]
    assert rows(figures["themes"])["Loisirs, culture et sport"] == [0, 0, 0, 0]
    assert [row[1] for row in figures["pending"].rows] == ["Proposition nantaise"]
    assert "Proposition bauloise" not in response.content.decode()


def test_the_other_referent_sees_the_other_side(client, cap_referent, crafted):
    figures = signed_in(client, cap_referent).get(reverse("dashboard")).context["figures"]
    assert rows(figures["dates"]) == {"Cap Atlantique": [1, 0, 1, 1]}
    assert [row[1] for row in figures["pending"].rows] == ["Proposition bauloise"]


def test_a_thematic_referent_sees_their_theme_everywhere(client, thematic_referent, crafted):
    figures = signed_in(client, thematic_referent).get(reverse("dashboard")).context["figures"]
    assert len(figures["dates"].rows) == 17
    assert rows(figures["dates"])["Cap Atlantique"] == [0, 0, 0, 0]
    assert rows(figures["dates"])["Nantes Métropole"] == [3, 1, 2, 3]


def test_a_member_has_no_dashboard(client, member):
    response = signed_in(client, member).get(reverse("dashboard"))
    assert response.status_code == 302  # to the admin's sign-in


def test_staff_without_a_role_is_refused(client, db):
    user = make_user("staffonly", is_staff=True)
    assert signed_in(client, user).get(reverse("dashboard")).status_code == 403


def test_participations_counted_apart(client, moderator, crafted, member):
    occurrence = Event.objects.get(title="Atelier CV").occurrences.get()
    Participation.objects.create(occurrence=occurrence, user=member)
    figures = signed_in(client, moderator).get(reverse("dashboard")).context["figures"]
    assert sum(row[1] for row in figures["participations"].rows) == 1
    assert sum(row[2] for row in figures["participations"].rows) == 0


def test_the_csv_opens_in_a_french_spreadsheet(client, moderator, crafted):
    response = signed_in(client, moderator).get(
        reverse("dashboard"), {"tableau": "dates-pour-10000-habitants"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == [
        "Intercommunalité",
        "Habitants en Loire-Atlantique",
        "Dates",
        "Dates pour 10 000 habitants",
    ]
    cap = next(row for row in table if row[0] == "Cap Atlantique")
    assert cap == ["Cap Atlantique", "71831", "1", "0,1"]


def test_an_unknown_table_is_not_found(client, moderator):
    assert signed_in(client, moderator).get(reverse("dashboard"), {"tableau": "nope"}).status_code == 404


def test_the_period_is_checked_in_french(client, moderator):
    response = signed_in(client, moderator).get(
        reverse("dashboard"), {"periode": "choix", "debut": "2026-09-30", "fin": "2026-09-01"}
    )
    assert "Le dernier jour doit venir après le premier." in response.content.decode()
    response = client.get(reverse("dashboard"), {"periode": "choix", "debut": "pas une date"})
    html = response.content.decode()
    assert "Écrivez une date sous la forme 01/09/2026." in html
    assert "Indiquez le dernier jour de la période." in html


def test_a_chosen_period_gives_its_months(client, moderator, crafted):
    response = signed_in(client, moderator).get(
        reverse("dashboard"), {"periode": "choix", "debut": "2026-01-01", "fin": "2026-03-31"}
    )
    months = [row[0] for row in response.context["figures"]["members"].rows]
    assert months == ["janvier 2026", "février 2026", "mars 2026"]


def test_the_charts_are_accessible_svg(client, moderator, crafted):
    response = signed_in(client, moderator).get(reverse("dashboard"))
    charts = response.context["charts"]
    for name, svg in charts.items():
        root = ElementTree.fromstring(str(svg))
        assert root.get("role") == "img", name
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text, name
        assert desc is not None and desc.text, name
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # Each chart is followed by its table on the page.
    html = response.content.decode()
    assert html.index("graphique-dates-par-theme-titre") < html.index(
        "<caption>Événements et dates par thème"
    )
    # The bars: Nantes Métropole's total written out at the end of its bar.
    bars = ElementTree.fromstring(str(charts["dates"]))
    texts = [text.text for text in bars.iter(f"{SVG}text")]
    position = texts.index("Nantes Métropole")
    assert texts[position + 1] == "3"


def test_the_map_is_simplified_and_patterned(client, moderator, crafted):
    response = signed_in(client, moderator).get(reverse("dashboard"))
    svg = str(response.context["charts"]["map"])
    assert len(svg.encode()) < 20_000
    root = ElementTree.fromstring(svg)
    paths = [path for path in root.iter(f"{SVG}path") if path.find(f"{SVG}title") is not None]
    assert len(paths) == 17
    fills = {path.find(f"{SVG}title").text.split(" :")[0]: path.get("fill") for path in paths}
    assert fills["Nozay"] == "url(#carte-densite-points)"
    assert fills["Cap Atlantique"] != fills["Nozay"]


@pytest.mark.parametrize("size", [1, 6])
def test_a_constant_number_of_queries(client, moderator, django_assert_num_queries, size, member):
    for index in range(size):
        event = EventFactory(themes=["emploi", "solidarite"], insee=LA_BAULE if index % 2 else "44109")
        Participation.objects.create(occurrence=event.occurrences.get(), user=member)
        EventFactory(status=Event.Status.PROPOSED)
    signed_in(client, moderator)
    client.get(reverse("admin:index"))  # session, permissions warm
    # The same count whatever the data: session, user, roles, the agenda stamp, one query per figure.
    with django_assert_num_queries(QUERIES):
        assert client.get(reverse("dashboard")).status_code == 200


def test_figures_are_cached_until_a_publication(client, moderator, crafted, django_assert_max_num_queries):
    signed_in(client, moderator).get(reverse("dashboard"))
    first = client.get(reverse("dashboard")).context["figures"]
    assert rows(first["dates"])["Nozay"] == [0, 0, 0, 0]
    event = Event.objects.get(title="Proposition nantaise")
    event.status = Event.Status.PUBLISHED
    event.save()
    again = client.get(reverse("dashboard")).context["figures"]
    assert rows(again["dates"])["Nantes Métropole"][0] == 4


# The stamps are a cache read, not a query; the admin's sidebar (and the permissions it checks)
# is not on the dashboard; without any post in the period, the forum's categories are not read;
# what waits is one query (its kinds joined by UNION ALL). A warm page: tests/dashboard/test_warm_page.py.
QUERIES = 13
