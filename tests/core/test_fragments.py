"""Row fragments (tousvoisins.fragments): a row is rendered once, kept under the content stamps of
its areas, rendered again when they change, per language, and never holds anything of the person
asking."""

import pytest
from django.utils import translation

from events.models import Event, Occurrence
from tests.factories import EventFactory
from tousvoisins import content_stamp, fragments
from tousvoisins.models import Theme

pytestmark = pytest.mark.django_db
TEMPLATE = "events/includes/occurrence_item.html"


def agenda_rows(occurrences):
    return fragments.rows(
        TEMPLATE,
        occurrences,
        areas=("agenda",),
        key=lambda occurrence: occurrence.pk,
        context=lambda occurrence: {"occurrence": occurrence, "event": occurrence.event},
    )


def occurrences():
    return list(Occurrence.objects.select_related("event__commune").order_by("start"))


def test_a_row_is_kept_until_its_area_changes():
    event = EventFactory(title="Atelier cuisine")
    [first] = agenda_rows(occurrences())
    assert "Atelier cuisine" in first

    # A write that bypasses the signals changes no stamp: the kept row is served.
    Event.objects.filter(pk=event.pk).update(title="Atelier couture")
    [kept] = agenda_rows(occurrences())
    assert kept == first

    # Anything published in the agenda gives new keys: the row is rendered from the database.
    content_stamp.bump("agenda")
    [fresh] = agenda_rows(occurrences())
    assert "Atelier couture" in fresh and "Atelier cuisine" not in fresh


def test_a_save_through_the_model_shows_at_once():
    event = EventFactory(title="Café des voisins")
    agenda_rows(occurrences())
    event.title = "Café des habitants"
    event.save()
    [row] = agenda_rows(occurrences())
    assert "Café des habitants" in row


def test_each_language_has_its_own_copy():
    EventFactory(title="Atelier emploi")
    [french] = agenda_rows(occurrences())
    with translation.override("en"):
        [english] = agenda_rows(occurrences())
    assert english != french
    [again] = agenda_rows(occurrences())
    assert again == french


def test_rows_keep_the_order_given_and_attach_sets_each_items_html():
    EventFactory(title="Premier")
    EventFactory(title="Second")
    found = occurrences()
    agenda_rows(found[:1])  # one kept, one to render: the order must not follow the cache
    rows = agenda_rows(list(reversed(found)))
    assert [found[1].event.title in rows[0], found[0].event.title in rows[1]] == [True, True]

    attached = fragments.attach(
        TEMPLATE,
        found,
        areas=("agenda",),
        key=lambda occurrence: occurrence.pk,
        context=lambda occurrence: {"occurrence": occurrence, "event": occurrence.event},
    )
    assert [item.event.title in item.row_html for item in attached] == [True, True]


def test_a_row_is_rendered_without_the_request(client, member):
    # Even when a member asks first, the copy others are served holds nothing of theirs.
    EventFactory(title="Balade au bord de l'Erdre")
    client.force_login(member)
    response = client.get("/agenda/")
    assert "Balade au bord de l&#x27;Erdre" in response.text or "Balade au bord de l'Erdre" in response.text
    [row] = agenda_rows(occurrences())
    assert member.username not in row and "csrfmiddlewaretoken" not in row


def test_no_item_no_round_trip(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert agenda_rows([]) == []


def test_kept_builds_once_per_stamp_and_key():
    built = []

    def build():
        built.append(1)
        return len(built)

    assert fragments.kept("compte", build, areas=("agenda",), key="?theme=emploi") == 1
    assert fragments.kept("compte", build, areas=("agenda",), key="?theme=emploi") == 1
    assert fragments.kept("compte", build, areas=("agenda",), key="?theme=loisirs") == 2
    content_stamp.bump("agenda")
    assert fragments.kept("compte", build, areas=("agenda",), key="?theme=emploi") == 3
    # Another area's change leaves it alone; a thème's change reaches every area.
    content_stamp.bump("forum")
    assert fragments.kept("compte", build, areas=("agenda",), key="?theme=emploi") == 3
    Theme.objects.first().save()
    assert fragments.kept("compte", build, areas=("agenda",), key="?theme=emploi") == 4


def test_a_key_with_spaces_or_accents_is_portable(recwarn):
    # A row keyed by a person's name ("Voisin 1", "Hélène") must not make the cache warn: the
    # key is hashed when it is not plain.
    EventFactory(title="Atelier")
    fragments.rows(
        TEMPLATE,
        occurrences(),
        areas=("agenda",),
        key=lambda occurrence: f"{occurrence.pk}:Hélène Le Gall",
        context=lambda occurrence: {"occurrence": occurrence, "event": occurrence.event},
    )
    assert not [warning for warning in recwarn if "CacheKeyWarning" in str(warning.category)]


def test_the_filters_choices_follow_a_renamed_intercommunalite(client):
    # The choices of every thème-and-territory filter are kept (ThemeTerritoryFilterForm): an
    # edit in the admin shows at once.
    from tousvoisins.models import Intercommunalite

    assert "Pornic Agglo Pays de Retz" in client.get("/coups-de-pouce/").text
    territory = Intercommunalite.objects.get(short_name__startswith="Pornic")
    territory.full_name = "Pornic Agglo, Pays de Retz et océan"
    territory.save()
    assert "Pornic Agglo, Pays de Retz et océan" in client.get("/communautes/").text
    assert "Pornic Agglo, Pays de Retz et océan" in client.get("/coups-de-pouce/").text
