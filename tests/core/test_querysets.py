"""The reads each screen asks of a model (issue 11, item 2): one named QuerySet method per screen,
tested on real rows, and the screens whose query moved still showing the same things."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event, Occurrence, Participation
from forum.models import HIGHLIGHT_START, HIGHLIGHT_STOP, Post, Topic
from news.models import NewsItem
from profiles.models import Profile
from referents.models import Referent
from tests.conftest import CAP_ATLANTIQUE, NANTES_METROPOLE, make_user
from tests.factories import EventFactory, next_local
from tests.factories.forum import PostFactory, TopicFactory
from tests.factories.news import NewsItemFactory
from tests.factories.referents import ReferentFactory
from tousvoisins.models import Intercommunalite

pytestmark = pytest.mark.django_db

GUERANDE = "44069"  # Cap Atlantique
REZE = "44143"  # Nantes Métropole
SAINT_NAZAIRE = "44184"  # the CARENE


def text(response):
    assert response.status_code == 200
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def titles(occurrences):
    return [occurrence.event.title for occurrence in occurrences]


# Occurrence.objects.for_cards() ------------------------------------------------------------------


def test_for_cards_reads_what_a_date_card_shows_in_one_query(django_assert_num_queries):
    EventFactory(
        title="Café-tricot",
        place_name="Médiathèque Jules-Verne",
        address="2 rue de la Paix",
        organiser_name="Les Mailles du quartier",
        step_free=True,
        start=next_local(days=2),
    )
    EventFactory(title="Marche du samedi", recurrence="FREQ=WEEKLY;BYDAY=SA", start=next_local(days=1))

    # 1 the dates with their event and commune; reading a card's fields asks for nothing more.
    with django_assert_num_queries(1):
        cards = [
            (
                occurrence.event.title,
                occurrence.event.get_absolute_url(),
                occurrence.when_in_words,
                occurrence.hours_in_words,
                occurrence.event.place_name,
                occurrence.event.address,
                occurrence.event.commune.name,
                occurrence.event.organiser_name,
                [item.label for item in occurrence.event.accessibility],
                occurrence.event.is_cancelled,
                occurrence.event.recurrence_in_words,
            )
            for occurrence in Occurrence.objects.upcoming().filter(event__title="Café-tricot").for_cards()
        ]

    [card] = cards
    assert card[0] == "Café-tricot"
    assert card[4:8] == ("Médiathèque Jules-Verne", "2 rue de la Paix", "Nantes", "Les Mailles du quartier")
    assert card[8] == ["Accès de plain-pied, possible en fauteuil roulant"]


def test_for_cards_leaves_the_long_columns_in_the_database_and_sorts_soonest_first():
    EventFactory(title="Plus tard", start=next_local(days=5))
    EventFactory(title="Bientôt", start=next_local(days=1))

    occurrences = list(Occurrence.objects.upcoming().for_cards())

    assert titles(occurrences) == ["Bientôt", "Plus tard"]
    assert {"description", "search_vector"} <= occurrences[0].event.get_deferred_fields()
    assert {"geometry", "centre"} <= occurrences[0].event.commune.get_deferred_fields()


# .in_territory(t) ------------------------------------------------------------------------------


def test_in_territory_keeps_the_dates_of_one_intercommunalite():
    EventFactory(title="À Nantes", start=next_local(days=1))
    EventFactory(title="À Rezé", insee=REZE, start=next_local(days=2))
    EventFactory(title="À Guérande", insee=GUERANDE, start=next_local(days=3))
    nantes = Intercommunalite.objects.get(siren=NANTES_METROPOLE)

    assert titles(Occurrence.objects.in_territory(nantes).for_cards()) == ["À Nantes", "À Rezé"]
    cap = Intercommunalite.objects.get(siren=CAP_ATLANTIQUE)
    assert titles(Occurrence.objects.in_territory(cap).for_cards()) == ["À Guérande"]


# .new_since(d) ---------------------------------------------------------------------------------


def test_new_since_keeps_the_dates_of_events_added_since_then():
    old = EventFactory(title="Depuis longtemps", start=next_local(days=1))
    Event.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=10))
    EventFactory(title="Toute nouvelle", recurrence="FREQ=WEEKLY;BYDAY=TU", start=next_local(days=2))

    found = Occurrence.objects.new_since(timezone.now() - timedelta(days=7)).upcoming()

    assert set(titles(found.for_cards())) == {"Toute nouvelle"}
    assert found.count() > 1  # every date of the new recurring event
    assert titles(Occurrence.objects.new_since(timezone.now() - timedelta(days=30)).for_cards())[0] == (
        "Depuis longtemps"
    )


# Referent.objects.to_contact_about(event) ------------------------------------------------------


def _referents_around_a_nantes_event():
    ReferentFactory(public_name="Zoé Territoire", kind=Referent.Kind.TERRITORY, sirens=[NANTES_METROPOLE])
    ReferentFactory(public_name="Bruno Loisirs", themes=["loisirs-culture-sport"])
    ReferentFactory(public_name="Anne Loisirs", themes=["loisirs-culture-sport", "solidarite"])
    ReferentFactory(public_name="Claire Emploi", themes=["emploi"])  # another thème
    ReferentFactory(public_name="Yves Guérande", kind=Referent.Kind.TERRITORY, sirens=[CAP_ATLANTIQUE])
    ReferentFactory(public_name="Ancien Loisirs", themes=["loisirs-culture-sport"], is_active=False)
    return EventFactory(title="Chorale", themes=["loisirs-culture-sport", "solidarite"])


def test_to_contact_about_names_the_territory_then_the_thematic_referents_by_name(
    django_assert_num_queries,
):
    event = Event.objects.for_detail().get(pk=_referents_around_a_nantes_event().pk)

    # 1 the active referents of the territory and of the thèmes (the thèmes came with the event).
    with django_assert_num_queries(1):
        names = [referent.public_name for referent in Referent.objects.to_contact_about(event)]

    # Anne looks after both thèmes of the event and still comes once.
    assert names == ["Zoé Territoire", "Anne Loisirs", "Bruno Loisirs"]


def test_to_contact_about_finds_nobody_for_an_event_nobody_looks_after():
    _referents_around_a_nantes_event()
    event = EventFactory(title="Atelier logement", insee=SAINT_NAZAIRE, themes=["logement"])

    assert list(Referent.objects.to_contact_about(event)) == []


# Participation.objects.names_for(…) ------------------------------------------------------------


def test_names_for_gives_the_name_each_member_shows_in_alphabetical_order(django_assert_num_queries):
    event = EventFactory(title="Chorale", recurrence="FREQ=WEEKLY;BYDAY=TU", start=next_local(days=1))
    first, second = event.occurrences.order_by("start")[:2]
    zoe, bob, blank, carl = (make_user(name) for name in ("zoe", "bob", "blank", "carl"))
    Profile.objects.create(user=zoe, display_name="Alice du Château")
    Profile.objects.create(user=blank, display_name="")
    for user in (zoe, bob, blank):
        Participation.objects.create(occurrence=first, user=user)
    Participation.objects.create(occurrence=second, user=carl)

    # 1 the participations with the name of each member.
    with django_assert_num_queries(1):
        rows = list(Participation.objects.names_for([first]))

    # No profile, or an empty name: the username stands in; never an e-mail address.
    assert rows == [(first.pk, "Alice du Château"), (first.pk, "blank"), (first.pk, "bob")]
    assert list(Participation.objects.names_for([second])) == [(second.pk, "carl")]


# Post.objects.search(text), Topic.objects.search_suggestion(text) --------------------------------


def test_search_finds_the_posts_with_the_words_best_first_with_their_excerpt():
    topic = TopicFactory(title="Réparer son vélo", body="Qui sait réparer un vélo ? Ma roue est voilée.")
    PostFactory(topic=topic, body="Un atelier de réparation de vélos ouvre mardi.")
    PostFactory(topic=topic, body="Rien à voir : une recette de gâteau.")
    hidden = PostFactory(topic=topic, body="Un vélo à vendre, pas cher !")
    Post.objects.filter(pk=hidden.pk).update(hidden=True)

    pks = Post.objects.visible().search("vélo")
    found = list(Post.objects.filter(pk__in=pks).with_excerpts("vélo"))

    assert len(pks) == len(found) == 2
    opening = next(post for post in found if post.body_text.startswith("Qui sait"))
    assert f"{HIGHLIGHT_START}vélo{HIGHLIGHT_STOP}" in opening.excerpt
    assert all(post.excerpt.count(HIGHLIGHT_START) == post.excerpt.count(HIGHLIGHT_STOP) for post in found)
    assert hidden.pk in Post.objects.search("vélo")  # visibility is chained
    # It stops early: the newest `limit` + 1 matches only (the one more tells there were more).
    assert Post.objects.visible().search("vélo", limit=0) == [max(pks)]


def test_search_suggestion_offers_a_nearer_spelling_from_the_visible_topics():
    TopicFactory(title="Atelier cuisine du quartier")

    assert Topic.objects.visible().search_suggestion("cuisne") == "cuisine"


# NewsItem.objects.latest_published(n) ----------------------------------------------------------


def test_latest_published_gives_the_newest_published_items_without_drafts_or_future_ones():
    now = timezone.now()
    for days in range(4):
        NewsItemFactory(title=f"Il y a {days} jours", published_at=now - timedelta(days=days))
    NewsItemFactory(title="Brouillon", status=NewsItem.Status.DRAFT)
    NewsItemFactory(title="Demain", published_at=now + timedelta(days=1))

    assert [item.title for item in NewsItem.objects.latest_published(2)] == [
        "Il y a 0 jours",
        "Il y a 1 jours",
    ]
    # Tomorrow's item shows once its date has come.
    later = NewsItem.objects.latest_published(1, now=now + timedelta(days=2))
    assert [item.title for item in later] == ["Demain"]


# The screens whose query moved -----------------------------------------------------------------


def test_the_home_page_still_shows_the_next_dates_and_the_latest_news(client):
    EventFactory(title="Marche à Guérande", insee=GUERANDE, place_name="Port", start=next_local(days=1))
    EventFactory(title="Brouillon de rencontre", status=Event.Status.PROPOSED, start=next_local(days=1))
    NewsItemFactory(title="Le bus de l'emploi passe mardi")

    page = text(client.get("/"))

    section = page.split("Les prochaines rencontres")[1].split("Toutes les rencontres de l'agenda")[0]
    assert "Marche à Guérande" in section
    assert "Port (Guérande)" in section
    assert "Brouillon de rencontre" not in section
    assert "Dernières actualités Le bus de l'emploi passe mardi" in page


def test_the_find_my_referent_page_still_shows_the_next_dates_of_the_territory(client):
    EventFactory(title="Repair café", insee=REZE, place_name="Salle Jean-Vilar", start=next_local(days=1))
    EventFactory(title="À Saint-Nazaire", insee=SAINT_NAZAIRE, start=next_local(days=2))

    page = text(client.get("/referents/trouver/", {"q": "Nantes"}))

    section = page.split("Les prochaines rencontres de votre territoire")[1]
    assert "Repair café" in section
    assert "Salle Jean-Vilar (Rezé)" in section
    assert "À Saint-Nazaire" not in section


def test_the_printable_agenda_still_shows_each_date_of_the_territory_with_its_details(client):
    EventFactory(
        title="Café-tricot",
        place_name="Médiathèque Jules-Verne",
        address="2 rue de la Paix",
        organiser_name="Les Mailles du quartier",
        hearing_loop=True,
        start=next_local(days=3, hour=14),
    )
    EventFactory(title="À Guérande", insee=GUERANDE, start=next_local(days=3))

    page = text(client.get(f"/agenda/imprimer/{NANTES_METROPOLE}/"))

    assert "De 14 h à 16 h Café-tricot Médiathèque Jules-Verne, 2 rue de la Paix — Nantes" in page
    assert "Accessibilité : Boucle magnétique pour les appareils auditifs." in page
    assert "Organisé par Les Mailles du quartier." in page
    assert "À Guérande" not in page


def test_the_event_page_still_names_the_referents_and_who_comes(client, member, other_member):
    organiser = make_user("oscar")
    event = _referents_around_a_nantes_event()
    Event.objects.filter(pk=event.pk).update(proposed_by=organiser)
    Profile.objects.create(user=member, display_name="Alice du Château")
    for user in (member, other_member):
        Participation.objects.create(occurrence=event.occurrences.get(), user=user)
    client.force_login(organiser)

    page = text(client.get(event.get_absolute_url()))

    referents = page.split("Une question ? Vos référents")[1]
    assert (
        referents.index("Zoé Territoire") < referents.index("Anne Loisirs") < referents.index("Bruno Loisirs")
    )
    assert "Claire Emploi" not in referents and "Yves Guérande" not in referents
    assert "Ancien Loisirs" not in referents
    assert "Qui vient : Alice du Château, bob." in page
