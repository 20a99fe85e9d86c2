"""The referents' pages make the same number of queries with N and with 2N referents, within the
figures of DESIGN.md: at most 10 for a visitor, 15 signed in."""

import pytest
from django.core.cache import cache

from referents.models import Referent
from tests.conftest import CAP_ATLANTIQUE, CARENE, NANTES_METROPOLE
from tests.factories import EventFactory
from tests.factories.referents import PermanenceFactory, ReferentFactory

pytestmark = pytest.mark.django_db

N = 3
SIRENS = [NANTES_METROPOLE, CARENE, CAP_ATLANTIQUE]
THEMES = ["emploi", "mobilite", "logement", "solidarite"]
# Nantes, Saint-Nazaire, Guérande, Blain.
PERMANENCE_COMMUNES = ["44109", "44184", "44069", "44015"]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def add_referents(count, start=0):
    """`count` territory referents and `count` thematic ones with two permanences each, and an event."""
    for index in range(start, start + count):
        territorial = ReferentFactory(
            public_name=f"Territoire {index}", kind=Referent.Kind.TERRITORY, sirens=[SIRENS[index % 3]]
        )
        PermanenceFactory(referent=territorial, insee=PERMANENCE_COMMUNES[index % 4])
        thematic = ReferentFactory(
            public_name=f"Thème {index}", themes=[THEMES[index % 4], "sante-bien-etre"]
        )
        PermanenceFactory(referent=thematic, insee=PERMANENCE_COMMUNES[index % 4])
        PermanenceFactory(referent=thematic, insee="44184", place_name="Espace France services")
    EventFactory(insee="44184", title=f"Rencontre {start}")


def _assert_same_with_twice_the_data(client, path, expected, django_assert_num_queries):
    add_referents(N)
    with django_assert_num_queries(expected):
        first = client.get(path)
    add_referents(N, start=N)
    cache.clear()  # the map's shapes are cached: both requests start from an empty cache
    with django_assert_num_queries(expected):
        second = client.get(path)
    assert first.status_code == second.status_code == 200
    return first, second


# For a visitor: each count is the page's own queries (no session, no account).
VISITOR_PAGES = [
    # 1 thèmes and 2 intercommunalités of the filter form, 3 count, 4 referents with their
    # account and scope, 5 their thèmes, 6 their intercommunalités, 7 their permanences.
    ("/referents/", 7),
    (f"/referents/?theme=emploi&territoire={CARENE}", 7),
    # 1 the thematic referents' permanences with commune, referent, account and scope, 2 their
    # thèmes, 3 the territory referents, 4 the intercommunalités.
    ("/referents/carte/", 4),
    # 1 the simplified shapes (cached from then on), 2 the territory referents.
    ("/referents/carte/intercommunalites.geojson", 2),
    # 1 the communes of the postal code, 2 the referents serving the intercommunalité with their
    # account and scope, 3 thèmes, 4 intercommunalités, 5 permanences, 6 the next dates.
    ("/referents/trouver/?q=44600", 6),
    # By name: 1 every commune by its exact name (kept: the next exact name costs none), then
    # as above.
    ("/referents/trouver/?q=st+nazaire", 6),
    # Several communes for one postal code: 1 query.
    ("/referents/trouver/?q=44150", 1),
    # Unknown: 1 every commune by its exact name (kept), 2 the name, exact or by words, 3 the
    # closest names.
    ("/referents/trouver/?q=Nantess", 3),
]


@pytest.mark.parametrize(("path", "expected"), VISITOR_PAGES)
def test_a_visitor_gets_each_page_in_the_same_few_queries_whatever_the_data(
    client, path, expected, django_assert_num_queries
):
    assert expected <= 10
    first, second = _assert_same_with_twice_the_data(client, path, expected, django_assert_num_queries)
    if path == "/referents/":
        assert f"{2 * N} référents" in first.content.decode()
        assert f"{4 * N} référents" in second.content.decode()


def test_the_geojson_reads_only_the_referents_once_its_shapes_are_cached(client, django_assert_num_queries):
    client.get("/referents/carte/intercommunalites.geojson")
    add_referents(N)
    # 1 the territory referents.
    with django_assert_num_queries(1):
        client.get("/referents/carte/intercommunalites.geojson")


def test_a_referents_page_makes_the_same_queries_whatever_the_data(client, django_assert_num_queries):
    add_referents(N)
    referent = Referent.objects.get(public_name="Thème 0")
    # 1 the referent with their account and scope, 2 thèmes, 3 intercommunalités, 4 permanences.
    with django_assert_num_queries(4):
        client.get(f"/referents/{referent.pk}/")
    add_referents(N, start=N)
    PermanenceFactory(referent=referent, insee="44069")
    with django_assert_num_queries(4):
        client.get(f"/referents/{referent.pk}/")


# Signed in, each page adds 1 the session and 2 the account; the suspension middleware adds
# 3 the current suspension; the layout's "Mes messages" 4 the unread messages.
SIGNED_IN_PAGES = [
    ("/referents/", 7 + 4),
    ("/referents/carte/", 4 + 4),
    ("/referents/trouver/?q=st+nazaire", 6 + 4),
]


@pytest.mark.parametrize(("path", "expected"), SIGNED_IN_PAGES)
def test_a_member_gets_each_page_in_the_same_few_queries_whatever_the_data(
    client, member, path, expected, django_assert_num_queries
):
    assert expected <= 15
    client.force_login(member)
    _assert_same_with_twice_the_data(client, path, expected, django_assert_num_queries)


def test_a_members_view_of_a_referent_with_the_form_stays_within_the_figures(
    client, member, django_assert_num_queries
):
    add_referents(N)
    referent = Referent.objects.get(public_name="Thème 0")
    client.force_login(member)
    # 1 session, 2 account, 3 current suspension, 4 unread messages, then the page's 4 as for
    # a visitor.
    with django_assert_num_queries(8):
        client.get(f"/referents/{referent.pk}/")
