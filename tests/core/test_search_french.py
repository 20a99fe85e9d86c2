"""French search, the same in the agenda, the forum, the news and the members' list (issue item 3).

One form written, the other searched: accents, plurals ("vélos", "velos"), a verb and its noun
("cuisiner", "cuisine"), hyphens ("co-voiturage", "covoiturage") must not split people apart.
A word that finds nothing offers the nearest spelling ("Vouliez-vous dire « vélo » ?").
"""

import re
from html import unescape

import pytest

from tests.factories import EventFactory
from tests.factories.forum import TopicFactory
from tests.factories.news import NewsItemFactory
from tests.factories.profiles import ProfileFactory
from tousvoisins.search import similarity, suggestion

pytestmark = pytest.mark.django_db

# (the form written in the content, the form searched)
PAIRS = [
    ("vélo", "velos"),
    ("velos", "vélo"),
    ("vélos", "vélo"),
    ("vélo", "vélos"),
    ("velo", "vélos"),
    ("vélos", "velo"),
    ("logement", "logements"),
    ("logements", "logement"),
    ("cuisine", "cuisiner"),
    ("cuisiner", "cuisine"),
    ("atelier", "ateliers"),
    ("ateliers", "atelier"),
    ("covoiturage", "co-voiturage"),
    ("co-voiturage", "covoiturage"),
    ("jeux", "jeu"),
    ("amis", "ami"),
]


def html(response):
    assert response.status_code == 200
    return unescape(response.content.decode())


def words(page):
    """The page's text without its tags."""
    return re.sub(r"<[^>]+>", "", page)


def suggestion_href(page):
    """The address of the "Vouliez-vous dire" link, or None."""
    match = re.search(r'<p class="search-suggestion">Vouliez-vous dire <a href="([^"]+)">', page)
    return unescape(match.group(1)) if match else None


# The same word, whichever its form -------------------------------------------------------------


@pytest.mark.parametrize(("written", "searched"), PAIRS)
def test_the_agenda_finds_one_form_with_the_other(client, written, searched):
    EventFactory(title="Rencontre du mardi", description=f"Nous parlerons de {written} entre voisins.")
    EventFactory(title="Chorale du jeudi", description="On chante ensemble.")

    page = html(client.get("/agenda/", {"q": searched}))

    assert "Rencontre du mardi" in page
    assert "Chorale du jeudi" not in page
    assert "1 date de rencontre" in page


@pytest.mark.parametrize(("written", "searched"), PAIRS)
def test_the_forum_search_finds_one_form_with_the_other(client, written, searched):
    TopicFactory(title="Une question de voisinage", body=f"Qui s'intéresse au {written} dans le quartier ?")
    TopicFactory(title="La chorale", body="On chante le jeudi soir.")

    page = html(client.get("/forum/recherche/", {"q": searched}))

    assert "1 message trouvé." in page
    assert "Une question de voisinage" in page


@pytest.mark.parametrize(("written", "searched"), PAIRS)
def test_the_news_search_finds_one_form_with_the_other(client, written, searched):
    NewsItemFactory(title="Du nouveau au quartier", body=f"Un mot sur le {written}, pour tout le monde.")
    NewsItemFactory(title="La chorale recrute", body="On chante le jeudi soir.")

    page = html(client.get("/actualites/", {"q": searched}))

    assert "1 actualité" in page
    assert "Du nouveau au quartier" in page
    assert "La chorale recrute" not in page


@pytest.mark.parametrize(("written", "searched"), PAIRS)
def test_the_members_search_finds_one_form_with_the_other(client, member, written, searched):
    ProfileFactory(user__username="lucie", interests=[written])
    ProfileFactory(user__username="marc", interests=["chorale"])
    client.force_login(member)

    page = html(client.get("/membres/", {"interet": searched}))

    assert "/membres/lucie/" in page
    assert "/membres/marc/" not in page


def test_a_hyphenated_word_stays_found_by_its_parts_and_as_a_phrase(client):
    EventFactory(title="Tous au co-voiturage", description="Départ de Saint-Nazaire.")

    by_part = html(client.get("/agenda/", {"q": "voiturage"}))
    by_town = html(client.get("/agenda/", {"q": "Nazaire"}))
    by_town_hyphenated = html(client.get("/agenda/", {"q": "saint-nazaire"}))

    assert "Tous au co-voiturage" in by_part
    assert "Tous au co-voiturage" in by_town
    assert "Tous au co-voiturage" in by_town_hyphenated


def test_the_websearch_syntax_still_works_with_folded_plurals(client):
    TopicFactory(title="Sujet vélos", body="Des vélos à réparer.")
    TopicFactory(title="Sujet vélos et pluie", body="Des vélos sous la pluie.")

    excluded = html(client.get("/forum/recherche/", {"q": "velo -pluie"}))
    phrase = html(client.get("/forum/recherche/", {"q": '"vélo à réparer"'}))

    assert "Sujet vélos" in excluded and "Sujet vélos et pluie" not in excluded
    assert "1 message trouvé." in phrase


# "Vouliez-vous dire … ?" -------------------------------------------------------------------------


def test_the_agenda_suggests_the_nearest_word_and_the_link_finds_it(client):
    EventFactory(title="Réparer son vélo soi-même", themes=["mobilite"])
    EventFactory(title="Atelier cuisine du monde")

    page = html(client.get("/agenda/", {"q": "velp", "theme": "mobilite"}))
    href = suggestion_href(page)

    assert "Aucune rencontre trouvée" in page
    assert "Vouliez-vous dire « vélo » ?" in words(page)
    # The other filters are kept, the words replaced.
    assert href.startswith("/agenda/?") and "theme=mobilite" in href and "q=v%C3%A9lo" in href
    assert "Réparer son vélo soi-même" in html(client.get(href))


def test_the_forum_suggests_the_nearest_word(client):
    TopicFactory(title="Atelier cuisine du monde", body="On cuisine ensemble le samedi.")

    page = html(client.get("/forum/recherche/", {"q": "cuisne"}))
    href = suggestion_href(page)

    assert "Aucun message ne contient « cuisne »." in page
    assert "Vouliez-vous dire « cuisine » ?" in words(page)
    assert href == "/forum/recherche/?q=cuisine"
    assert "1 message trouvé." in html(client.get(href))


def test_the_news_suggest_the_nearest_word(client):
    NewsItemFactory(title="Le logement des jeunes", body="Des solutions pour se loger.")

    page = html(client.get("/actualites/", {"q": "logemnt"}))

    assert "Vouliez-vous dire « logement » ?" in words(page)
    assert "Le logement des jeunes" in html(client.get(suggestion_href(page)))


def test_the_members_search_suggests_an_interest_members_have(client, member):
    ProfileFactory(user__username="lucie", interests=["vélo"])
    client.force_login(member)

    page = html(client.get("/membres/", {"interet": "velp"}))
    href = suggestion_href(page)

    assert "Aucun membre trouvé" in page
    assert "Vouliez-vous dire « vélo » ?" in words(page)
    assert href == "/membres/?interet=v%C3%A9lo"
    assert "/membres/lucie/" in html(client.get(href))


def test_nothing_is_suggested_when_nothing_is_near_or_when_results_are_found(client):
    EventFactory(title="Réparer son vélo soi-même")

    far = html(client.get("/agenda/", {"q": "parachutisme"}))
    found = html(client.get("/agenda/", {"q": "vélo"}))

    assert "Vouliez-vous dire" not in far
    assert "Vouliez-vous dire" not in found
    assert "Réparer son vélo soi-même" in found


def test_the_suggestion_never_shows_words_of_unpublished_content(client):
    NewsItemFactory(title="Projet secret de logement", status="brouillon")
    EventFactory(title="Projet de logement à l'étude", status="propose")

    news = html(client.get("/actualites/", {"q": "logemnt"}))
    agenda = html(client.get("/agenda/", {"q": "logemnt"}))

    assert "Vouliez-vous dire" not in news
    assert "Vouliez-vous dire" not in agenda


def test_each_misspelt_word_of_several_is_corrected():
    from events.models import Event

    EventFactory(title="Atelier cuisine du monde")

    assert suggestion("atelir cuisne", Event.objects.public(), "title") == "atelier cuisine"
    assert suggestion("atelier du monde", Event.objects.public(), "title") == ""


def test_similarity_is_pg_trgm_s_and_ignores_accents(django_db_blocker):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity('velp', 'velo'), similarity('cuisne', 'cuisine')")
        in_postgres = cursor.fetchone()

    assert similarity("velp", "vélo") == pytest.approx(in_postgres[0])
    assert similarity("cuisne", "cuisine") == pytest.approx(in_postgres[1])


# Query counts: one more query on the empty-result path only ---------------------------------------


def test_the_agenda_adds_one_query_when_words_find_nothing(client, django_assert_num_queries):
    EventFactory(title="Réparer son vélo soi-même")

    # 1 thèmes, 2 intercommunalités of the filter form, 3 count, 4 the page's dates, 5 their
    # event and commune, 6 their thèmes (5-6 for the rows not kept yet: tousvoisins.fragments).
    with django_assert_num_queries(6):
        html(client.get("/agenda/", {"q": "vélos"}))
    # 1 the count (the form's lists are kept since the first page: issue 18), then 2 the nearest
    # titles for "Vouliez-vous dire" (no page to read).
    with django_assert_num_queries(2):
        page = html(client.get("/agenda/", {"q": "velp"}))
    assert "Vouliez-vous dire « vélo » ?" in words(page)


def test_the_forum_search_adds_one_query_when_words_find_nothing(client, django_assert_num_queries):
    TopicFactory(title="Réparer son vélo soi-même", body="Mon vélo a un pneu crevé.")

    # 1 the public categories' pks (then kept), 2 the pks of the matching posts, 3 the page of
    # posts with their topic, category and author.
    with django_assert_num_queries(3):
        html(client.get("/forum/recherche/", {"q": "vélos"}))
    # 1 the pks of the matching posts (none), 2 the nearest topic titles.
    with django_assert_num_queries(2):
        page = html(client.get("/forum/recherche/", {"q": "velp"}))
    assert "Vouliez-vous dire « vélo » ?" in words(page)


def test_the_news_search_adds_one_query_when_words_find_nothing(client, django_assert_num_queries):
    NewsItemFactory(title="Le logement des jeunes")

    # 1 thèmes and 2 intercommunalités of the filter form, 3 count, 4 the page's items, 5 their thèmes.
    with django_assert_num_queries(5):
        html(client.get("/actualites/", {"q": "logements"}))
    # 1 count, then 2 the nearest titles (no page to read): the filter form's choices are kept
    # since the first request (tousvoisins.fragments), 2 queries fewer.
    with django_assert_num_queries(2):
        page = html(client.get("/actualites/", {"q": "logemnt"}))
    assert "Vouliez-vous dire « logement » ?" in words(page)


def test_the_members_search_adds_one_query_when_the_word_finds_nobody(
    client, member, django_assert_num_queries
):
    ProfileFactory(user__username="lucie", interests=["vélo"])
    client.force_login(member)

    # 1 session, 2 user, 3 suspension (layout), 4 the viewer's interests, 5 thèmes and
    # 6 intercommunalités of the filters, 7 the tags of the word, 8 the members counted for everyone
    # whom this member does not see, 9 the count for everyone (kept next time: profiles.listing),
    # 10 the page of profiles, 11 their interests, 12 unread messages (layout).
    with django_assert_num_queries(12):
        html(client.get("/membres/", {"interet": "vélos"}))
    # 1 session, 2 user, 3 the tags of the word (none: no count, no page, and so no viewer's
    # interests), 4 the nearest interests; the filters' thèmes and intercommunalités are kept since
    # the first request (ThemeTerritoryFilterForm.read_choices), and so are the layout's
    # suspension and unread messages (under the member's own stamp).
    with django_assert_num_queries(4):
        page = html(client.get("/membres/", {"interet": "velp"}))
    assert "Vouliez-vous dire « vélo » ?" in words(page)
