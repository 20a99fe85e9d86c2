"""Each date carries its event's thèmes and whether the event is public (Occurrence.theme_ids and
is_public), kept by the database's triggers (migration 0020) whatever writes them: the agenda
filtered by territory and thème counts its dates from one index of the dates alone. Before, the
count joined every event of the thème (13,000 at the benchmark's L size) and probed each date's
event."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from events.models import Event, Occurrence
from tests.core.plans import analyze, plan_of, rows_read
from tests.factories import EventFactory
from tousvoisins.models import Intercommunalite, Theme

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NANTES_METROPOLE = "244400404"
NOZAY = "244400537"  # the intercommunalité of Nozay (commune 44113)
Link = Event.themes.through


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(datetime(2026, 11, 26, 10, tzinfo=PARIS), tick=False):
        yield


def theme_ids(*slugs):
    return tuple(sorted(Theme.objects.filter(slug__in=slugs).values_list("pk", flat=True)))


def copies(event):
    """The thèmes and public flag of each date of `event`, as the database holds them."""
    dates = Occurrence.objects.filter(event=event).values_list("theme_ids", "is_public")
    return {(tuple(themes), is_public) for themes, is_public in dates}


def dates_of(event, count, *, first_day=1, every=timedelta(hours=12)):
    start = datetime(2026, 11, 26, 8, tzinfo=UTC) + timedelta(days=first_day)
    return Occurrence.objects.bulk_create(
        Occurrence(event=event, start=start + index * every, end=start + index * every + timedelta(hours=1))
        for index in range(count)
    )


def test_the_dates_follow_the_thèmes_added_and_taken_through_the_orm():
    event = EventFactory(themes=["emploi"])
    assert event.occurrences.exists()
    assert copies(event) == {(theme_ids("emploi"), True)}
    event.themes.add(Theme.objects.get(slug="sante-bien-etre"))
    assert copies(event) == {(theme_ids("emploi", "sante-bien-etre"), True)}
    event.themes.remove(Theme.objects.get(slug="emploi"))
    assert copies(event) == {(theme_ids("sante-bien-etre"), True)}
    event.themes.set(Theme.objects.filter(slug__in=["logement", "mobilite"]))
    assert copies(event) == {(theme_ids("logement", "mobilite"), True)}
    Theme.objects.get(slug="solidarite").events.add(event)  # from the thème's side
    assert copies(event) == {(theme_ids("logement", "mobilite", "solidarite"), True)}
    event.themes.clear()
    assert copies(event) == {((), True)}


def test_the_dates_follow_the_thèmes_written_in_bulk_and_leave_other_events_alone():
    first, second = EventFactory(themes=["emploi"]), EventFactory(themes=["emploi"])
    emploi, sante = Theme.objects.get(slug="emploi"), Theme.objects.get(slug="sante-bien-etre")
    Link.objects.bulk_create([Link(event=first, theme=sante), Link(event=second, theme=sante)])
    assert copies(first) == copies(second) == {(theme_ids("emploi", "sante-bien-etre"), True)}
    Link.objects.filter(event=first, theme=emploi).update(theme=Theme.objects.get(slug="logement"))
    assert copies(first) == {(theme_ids("logement", "sante-bien-etre"), True)}
    Link.objects.filter(theme=sante).delete()
    assert copies(first) == {(theme_ids("logement"), True)}
    assert copies(second) == {(theme_ids("emploi"), True)}


@pytest.mark.parametrize("status", Event.Status.values)
def test_the_dates_know_whether_their_event_is_public_through_save_and_update(status):
    event = EventFactory(themes=["emploi"])
    event.status = status
    event.save()
    is_public = status in Event.PUBLIC_STATUSES
    assert copies(event) == {(theme_ids("emploi"), is_public)}
    assert Occurrence.objects.public().filter(event=event).exists() is is_public
    other = Event.Status.PROPOSED if is_public else Event.Status.PUBLISHED
    Event.objects.filter(pk=event.pk).update(status=other)
    assert copies(event) == {(theme_ids("emploi"), not is_public)}


def test_public_dates_are_those_of_published_and_cancelled_events():
    for status in Event.Status.values:
        EventFactory(status=status)
    by_copy = set(Occurrence.objects.public().values_list("pk", flat=True))
    by_event = set(
        Occurrence.objects.filter(event__status__in=Event.PUBLIC_STATUSES).values_list("pk", flat=True)
    )
    assert by_copy == by_event
    assert len(by_copy) == Occurrence.objects.count() / 2


def test_new_dates_and_dates_saved_from_a_stale_copy_carry_the_events_values():
    event = EventFactory(
        themes=["emploi", "sante-bien-etre"], status=Event.Status.PROPOSED, occurrences=False
    )
    dates_of(event, 3)
    created = Occurrence.objects.create(
        event=event, start=datetime(2027, 1, 5, 9, tzinfo=UTC), end=datetime(2027, 1, 5, 11, tzinfo=UTC)
    )
    assert copies(event) == {(theme_ids("emploi", "sante-bien-etre"), False)}
    stale = Occurrence.objects.get(pk=created.pk)
    event.themes.set(Theme.objects.filter(slug="logement"))
    event.status = Event.Status.PUBLISHED
    event.save()
    stale.end += timedelta(hours=1)
    stale.save()  # writes the thèmes and flag it read before the changes
    assert copies(event) == {(theme_ids("logement"), True)}
    moved = EventFactory(themes=["mobilite"], status=Event.Status.REFUSED, occurrences=False)
    Occurrence.objects.filter(pk=created.pk).update(event=moved)
    assert copies(moved) == {(theme_ids("mobilite"), False)}


def test_the_filtered_agenda_shows_the_right_dates_on_the_next_request(client):
    event = EventFactory(title="Atelier CV", themes=["emploi"])
    EventFactory(title="Balade du dimanche", themes=["loisirs-culture-sport"])
    emploi_here = f"/agenda/?territoire={NANTES_METROPOLE}&theme=emploi"
    sante_here = f"/agenda/?territoire={NANTES_METROPOLE}&theme=sante-bien-etre"
    page = client.get(emploi_here).content.decode()
    assert "Atelier CV" in page
    assert "Balade du dimanche" not in page
    assert "Atelier CV" not in client.get(sante_here).content.decode()
    assert "Atelier CV" not in client.get(f"/agenda/?territoire={NOZAY}&theme=emploi").content.decode()

    event.themes.set(Theme.objects.filter(slug="sante-bien-etre"))
    assert "Atelier CV" not in client.get(emploi_here).content.decode()
    assert "Atelier CV" in client.get(sante_here).content.decode()
    assert "Atelier CV" in client.get("/agenda/?theme=sante-bien-etre").content.decode()

    event.status = Event.Status.PROPOSED
    event.save()
    assert "Atelier CV" not in client.get(sante_here).content.decode()
    assert "Atelier CV" not in client.get("/agenda/").content.decode()

    event.status = Event.Status.PUBLISHED
    event.save()
    assert "Atelier CV" in client.get(sante_here).content.decode()


def agenda_of_nozay(emploi_elsewhere):
    """Nozay: an emploi event and a loisirs one, 1,200 dates each at the same times; Nantes:
    `emploi_elsewhere` events of the thème emploi (their links are what the count joined)."""
    for slug in ("emploi", "loisirs-culture-sport"):
        dates_of(
            EventFactory(themes=[slug], insee="44113", occurrences=False), 1200, every=timedelta(hours=6)
        )
    model = EventFactory(themes=["emploi"], occurrences=False)
    fields = {
        name: getattr(model, name) for name in ("summary", "place_name", "address", "organiser_name", "point")
    }
    fields |= {"commune_id": model.commune_id, "intercommunalite_id": model.intercommunalite_id}
    start = datetime(2026, 12, 1, 9, tzinfo=UTC)
    events = Event.objects.bulk_create(
        Event(
            title=f"Emploi {index}",
            slug=f"emploi-{index}",
            start=start,
            end=start + timedelta(hours=1),
            **fields,
        )
        for index in range(emploi_elsewhere)
    )
    emploi = Theme.objects.get(slug="emploi")
    Link.objects.bulk_create(Link(event=event, theme=emploi) for event in events)
    Occurrence.objects.bulk_create(
        Occurrence(event=event, start=event.start, end=event.end) for event in events
    )
    analyze("events_occurrence", "events_event", "events_event_themes")
    return Intercommunalite.objects.get(siren=NOZAY)


@pytest.mark.parametrize("emploi_elsewhere", [500, 2500])
def test_the_capped_count_of_a_territory_and_thème_reads_the_dates_alone(emploi_elsewhere):
    territory = agenda_of_nozay(emploi_elsewhere)
    filters = {"territoire": territory, "theme": Theme.objects.get(slug="emploi")}
    dates = Occurrence.objects.public().for_filters(filters)
    capped = dates.order_by().values("pk")[:1001]  # as tousvoisins.pagination.CappedPaginator counts
    assert len(capped) == 1001
    plan = plan_of(capped)
    # Never the events of the thème elsewhere nor any event: the date's own columns say it all.
    assert rows_read(plan, "events_event_themes") == 0, plan
    assert rows_read(plan, "events_event") == 0, plan
    # At most the 2,400 dates of Nozay, however many dates of the thème Nantes has.
    assert rows_read(plan, "events_occurrence") <= 2400, plan
