""" "Je participe": joining and leaving one date, places, who sees who comes, "mes participations",
the e-mails when a date moves or is cancelled, and what the agenda holds for the RGPD pages."""

import html
import re
from datetime import date, datetime, timedelta
from urllib.parse import quote, unquote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event, Participation
from events.personal_data import erase_user_data, export_user_data
from events.services import event_cancel, event_refuse, event_save, participation_join
from tests.conftest import CAP_ATLANTIQUE, NANTES_METROPOLE, make_user
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)
MINE = "/agenda/mes-participations/"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def text(response):
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def on(day, hour=14, **fields):
    start = datetime(2026, 12, day, hour, tzinfo=PARIS)
    return EventFactory(start=start, end=start + timedelta(hours=2), **fields)


def join(client, event, occurrence=None, **extra):
    occurrence = occurrence or event.occurrences.earliest("start")
    return client.post(f"{event.get_absolute_url()}participer/", {"date": occurrence.pk, **extra})


def leave(client, event, occurrence=None, **extra):
    occurrence = occurrence or event.occurrences.earliest("start")
    return client.post(f"{event.get_absolute_url()}ne-plus-participer/", {"date": occurrence.pk, **extra})


# Joining and leaving ---------------------------------------------------------------------------


def test_visitors_are_invited_to_sign_in_to_join(client):
    event = on(8, title="Chorale")
    page = text(client.get(event.get_absolute_url()))
    assert "Personne n'a encore dit « je participe »." in page
    assert "Pour dire « je participe », connectez-vous ou créez un compte" in page
    content = client.get(event.get_absolute_url()).content.decode()
    assert f'href="/comptes/login/?next={quote(event.get_absolute_url())}"' in content
    response = join(client, event)
    assert response.status_code == 302
    assert unquote(response["Location"]) == f"/comptes/login/?next={event.get_absolute_url()}"
    assert not Participation.objects.exists()


def test_a_member_joins_a_date_once_and_leaves_it(client, member):
    event = on(8, title="Chorale")
    client.force_login(member)
    assert "Je participe le mardi 8 décembre 2026, de 14 h à 16 h" in text(
        client.get(event.get_absolute_url())
    )

    response = join(client, event)
    assert response.status_code == 302
    assert response["Location"] == f"{event.get_absolute_url()}#participer"
    page = text(client.get(response["Location"]))
    assert "C'est noté : vous participez à « Chorale », mardi 8 décembre 2026, de 14 h à 16 h." in page
    assert "1 personne participe." in page
    assert "Vous participez. Je ne participe plus" in page

    join(client, event)
    assert Participation.objects.count() == 1
    assert "Vous participez déjà à « Chorale »" in text(client.get(event.get_absolute_url()))

    leave(client, event)
    assert not Participation.objects.exists()
    assert "C'est noté : vous ne participez plus à « Chorale »" in text(client.get(event.get_absolute_url()))
    assert leave(client, event).status_code == 302  # leaving twice changes nothing


def test_each_date_of_a_recurring_event_is_joined_on_its_own(client, member):
    event = on(1, title="Tricot", recurrence="FREQ=WEEKLY;BYDAY=TU")
    second = event.occurrences.order_by("start")[1]
    client.force_login(member)
    join(client, event, second)
    assert list(member.participations.values_list("occurrence", flat=True)) == [second.pk]
    page = text(client.get(event.get_absolute_url()))
    assert "Mardi 8 décembre 2026, de 14 h à 16 h 1 personne participe. Vous participez." in page
    assert "Mardi 1er décembre 2026, de 14 h à 16 h Personne n'a encore dit « je participe »." in page


def test_places_are_counted_and_a_full_date_says_so(client, member, other_member):
    event = on(8, title="Atelier cuisine", capacity=2)
    third = make_user("chloe")
    client.force_login(member)
    join(client, event)
    page = text(client.get(event.get_absolute_url()))
    assert "1 personne participe. Il reste 1 place sur 2." in page
    client.force_login(other_member)
    join(client, event)
    client.force_login(third)
    page = text(client.get(event.get_absolute_url()))
    assert "2 personnes participent. Complet." in page
    assert "Je participe le" not in page
    response = join(client, event)
    assert "C'est complet : les 2 places de cette date sont prises." in text(client.get(response["Location"]))
    assert Participation.objects.count() == 2


def test_nobody_joins_a_cancelled_or_past_date(client, member):
    cancelled = on(8, status=Event.Status.CANCELLED, status_reason="Salle inondée.")
    past = EventFactory(start=NOW - timedelta(days=2), end=NOW - timedelta(days=2, hours=-2))
    client.force_login(member)
    assert "Je participe le" not in text(client.get(cancelled.get_absolute_url()))
    response = join(client, cancelled)
    assert "Cette rencontre est annulée : on ne peut plus s'y inscrire." in text(
        client.get(response["Location"])
    )
    response = join(client, past)
    assert "Cette date est passée." in text(client.get(response["Location"]))
    assert not Participation.objects.exists()


def test_unknown_dates_and_hidden_events_are_not_found(client, member):
    event = on(8)
    other = on(9)
    proposed = on(10, status=Event.Status.PROPOSED, proposed_by=member)
    client.force_login(member)
    assert join(client, event, other.occurrences.get()).status_code == 404
    assert client.post(f"{event.get_absolute_url()}participer/", {"date": "abc"}).status_code == 404
    assert join(client, proposed).status_code == 404
    assert client.get(f"{event.get_absolute_url()}participer/").status_code == 405
    assert not Participation.objects.exists()


def test_the_last_place_is_counted_under_a_lock(member, other_member):
    """Two members taking the last place at once: the date's row is locked while its places are
    counted (SELECT … FOR UPDATE), so the second one waits, then finds it full."""
    occurrence = on(8, capacity=1).occurrences.get()
    with CaptureQueriesContext(connection) as queries:
        assert participation_join(occurrence=occurrence, user=member) is True
    sql = [query["sql"] for query in queries]
    locks = [index for index, text in enumerate(sql) if "FOR UPDATE" in text]
    # The places taken: members and people registered by a referent, counted in subqueries.
    counts = [index for index, text in enumerate(sql) if "COUNT(" in text]
    assert len(locks) == 1 and 'FROM "events_occurrence"' in sql[locks[0]]
    assert locks[0] < counts[0]
    with pytest.raises(ValidationError) as error:
        participation_join(occurrence=occurrence, user=other_member)
    assert error.value.code == "full"


# Who comes -------------------------------------------------------------------------------------


@pytest.fixture
def chorale(member, other_member):
    organiser = make_user("olga")
    event = on(8, title="Chorale", insee="44143", proposed_by=organiser)  # Rezé, Nantes Métropole
    for user in (member, other_member):
        Participation.objects.create(occurrence=event.occurrences.get(), user=user)
    return event


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        ("organiser", True),
        ("nantes_referent", True),
        ("moderator", True),
        ("cap_referent", False),
        ("thematic_referent", False),  # emploi, and this is a choir
        ("member", False),
    ],
)
def test_the_organiser_and_the_referents_in_scope_see_who_comes(client, request, chorale, viewer, sees):
    user = chorale.proposed_by if viewer == "organiser" else request.getfixturevalue(viewer)
    client.force_login(user)
    page = text(client.get(chorale.get_absolute_url()))
    assert ("Qui vient : alice, bob." in page) is sees
    assert "exemple.fr" not in page


def test_who_comes_is_shown_by_the_name_of_each_profile(client, chorale, member):
    from profiles.models import Profile

    Profile.objects.update_or_create(user=member, defaults={"display_name": "Alice du Château"})
    client.force_login(chorale.proposed_by)
    page = text(client.get(chorale.get_absolute_url()))
    # bob has no profile yet: his username stands in; alphabetical order either way.
    assert "Qui vient : Alice du Château, bob." in page


# Mes participations ------------------------------------------------------------------------------


def test_my_participations_list_the_coming_dates(client, member, django_assert_num_queries):
    for day, title in ((10, "Chorale"), (3, "Tricot"), (5, "Balade")):
        event = on(day, title=title)
        Participation.objects.create(occurrence=event.occurrences.get(), user=member)
    past = EventFactory(title="Hier", start=NOW - timedelta(days=1), end=NOW - timedelta(days=1, hours=-2))
    Participation.objects.create(occurrence=past.occurrences.get(), user=member)
    Participation.objects.create(
        occurrence=on(4, title="D'un autre").occurrences.get(), user=make_user("zoe")
    )
    client.force_login(member)
    # 1. session, 2. user, 3. count of the member's coming dates, 4. the member's current
    # suspension (the layout's banner), 5. the page of dates with their event and commune,
    # 6. the unread messages (the layout's "Mes messages")
    with django_assert_num_queries(6):
        response = client.get(MINE)
    page = text(response)
    assert page.index("Tricot") < page.index("Balade") < page.index("Chorale")
    assert "Hier" not in page and "D'un autre" not in page
    assert "Jeudi 3 décembre 2026, de 14 h à 16 h Médiathèque, 1 rue de la Paix, Nantes" in page


def test_leaving_from_my_participations_comes_back_to_it(client, member):
    event = on(8, title="Chorale")
    Participation.objects.create(occurrence=event.occurrences.get(), user=member)
    client.force_login(member)
    response = leave(client, event, next=MINE)
    assert response["Location"] == MINE
    assert not Participation.objects.exists()
    response = leave(client, event, next="https://ailleurs.example/")
    assert response["Location"] == f"{event.get_absolute_url()}#participer"


def test_my_participations_need_signing_in(client):
    response = client.get(MINE)
    assert (response.status_code, response["Location"]) == (302, f"/comptes/login/?next={MINE}")


# Participants are told ---------------------------------------------------------------------------


def test_participants_are_told_when_their_date_moves_and_keep_their_place(
    member, other_member, django_capture_on_commit_callbacks
):
    event = on(8, title="Chorale")
    for user in (member, other_member):
        Participation.objects.create(occurrence=event.occurrences.get(), user=user)
    event.start, event.end = datetime(2026, 12, 9, 18, tzinfo=PARIS), datetime(2026, 12, 9, 20, tzinfo=PARIS)
    with django_capture_on_commit_callbacks(execute=True):
        event_save(event=event, themes=event.themes.all())
    assert Participation.objects.filter(occurrence__start=event.start).count() == 2
    assert sorted(message.to[0] for message in mail.outbox) == [member.email, other_member.email]
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "[Tous voisins 44] Changement de date : Chorale"
    assert (
        "- Mardi 8 décembre 2026, de 14 h à 16 h : la rencontre a maintenant lieu le "
        "mercredi 9 décembre 2026, de 18 h à 20 h." in body
    )


def test_a_participant_of_several_dates_gets_one_e_mail(member, django_capture_on_commit_callbacks):
    event = on(1, title="Tricot", recurrence="FREQ=WEEKLY;BYDAY=TU")
    for occurrence in event.occurrences.order_by("start")[:2]:
        Participation.objects.create(occurrence=occurrence, user=member)
    event.end = datetime(2026, 12, 1, 17, tzinfo=PARIS)
    with django_capture_on_commit_callbacks(execute=True):
        event_save(event=event, themes=event.themes.all())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.count("la rencontre a maintenant lieu") == 2


def test_participants_of_a_removed_date_are_told(member, django_capture_on_commit_callbacks):
    event = on(1, title="Tricot", recurrence="FREQ=WEEKLY;BYDAY=TU")
    Participation.objects.create(occurrence=event.occurrences.order_by("start")[2], user=member)
    event.exception_dates = [date(2026, 12, 15)]
    with django_capture_on_commit_callbacks(execute=True):
        event_save(event=event, themes=event.themes.all())
    assert "- Mardi 15 décembre 2026, de 14 h à 16 h : cette date est supprimée." in mail.outbox[0].body
    assert not Participation.objects.exists()


def test_nobody_is_told_when_nothing_changes_for_them(member, django_capture_on_commit_callbacks):
    event = on(1, title="Tricot", recurrence="FREQ=WEEKLY;BYDAY=TU")
    Participation.objects.create(occurrence=event.occurrences.order_by("start")[0], user=member)
    event.exception_dates = [date(2026, 12, 15)]  # not their date
    event.title = "Tricot et papotage"
    with django_capture_on_commit_callbacks(execute=True):
        event_save(event=event, themes=event.themes.all())
    assert not mail.outbox


def test_participants_are_told_when_the_event_is_cancelled(
    member, other_member, django_capture_on_commit_callbacks
):
    from profiles.models import Profile

    Profile.objects.update_or_create(user=member, defaults={"display_name": "Alice du Château"})
    event = on(1, title="Tricot", recurrence="FREQ=WEEKLY;BYDAY=TU")
    dates = event.occurrences.order_by("start")
    Participation.objects.create(occurrence=dates[0], user=member)
    Participation.objects.create(occurrence=dates[1], user=member)
    Participation.objects.create(occurrence=dates[1], user=other_member)
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=event, reason="La salle ferme pour travaux.")
    assert sorted(message.to[0] for message in mail.outbox) == [member.email, other_member.email]
    mine = next(message for message in mail.outbox if message.to == [member.email])
    assert mine.subject == "[Tous voisins 44] Annulé : Tricot"
    assert mine.body.startswith("Bonjour Alice du Château,")
    assert "- Mardi 1er décembre 2026, de 14 h à 16 h\n- Mardi 8 décembre 2026, de 14 h à 16 h" in mine.body
    assert "Motif : « La salle ferme pour travaux. »" in mine.body


def test_participants_are_told_when_a_published_event_is_refused_afterwards(
    member, django_capture_on_commit_callbacks
):
    event = on(8, title="Vide-grenier")
    Participation.objects.create(occurrence=event.occurrences.get(), user=member)
    with django_capture_on_commit_callbacks(execute=True):
        event_refuse(event=event, reason="Les places sont payantes.")
    assert [message.to for message in mail.outbox] == [[member.email]]
    assert mail.outbox[0].subject == "[Tous voisins 44] Annulé : Vide-grenier"
    assert "Motif : « Les places sont payantes. »" in mail.outbox[0].body


def test_an_import_that_cancels_an_event_tells_its_participants_too(
    member, django_capture_on_commit_callbacks
):
    event = on(8, title="Concert")
    Participation.objects.create(occurrence=event.occurrences.get(), user=member)
    event.status, event.status_reason = Event.Status.CANCELLED, "Annulé par l'organisateur."
    with django_capture_on_commit_callbacks(execute=True):
        event_save(event=event, themes=event.themes.all())
        event_save(event=event, themes=event.themes.all())  # saved again: nobody is told twice
    assert [message.subject for message in mail.outbox] == ["[Tous voisins 44] Annulé : Concert"]


# The detail's queries ------------------------------------------------------------------------------


def test_the_detail_makes_a_fixed_number_of_queries(client, member, django_assert_num_queries):
    event = on(1, recurrence="FREQ=WEEKLY", themes=["emploi", "logement"], capacity=10)
    for occurrence in event.occurrences.all()[:3]:
        Participation.objects.create(occurrence=occurrence, user=make_user(f"membre{occurrence.pk}"))
    # 1. the event with its commune and intercommunalité, 2. its thèmes, 3. its next dates with
    # their count of participants, 4. the referents to contact, 5. its communities
    with django_assert_num_queries(5):
        client.get(event.get_absolute_url())
    client.force_login(member)
    # + session, user, the member's current suspension, their groups (moderator? referent?),
    # their unread messages (the layout's "Mes messages"); - the referents to contact, kept
    # since the visitor's request (the same for everyone)
    with django_assert_num_queries(9):
        client.get(event.get_absolute_url())


# RGPD ------------------------------------------------------------------------------------------


def test_a_member_s_agenda_data_is_exported(member):
    event = on(8, title="Chorale")
    Participation.objects.create(occurrence=event.occurrences.get(), user=member)
    on(9, title="Ma proposition", status=Event.Status.REFUSED, status_reason="Payant.", proposed_by=member)
    data = export_user_data(member)
    assert data["participations"] == [
        {
            "evenement": "Chorale",
            "date": "mardi 8 décembre 2026, de 14 h à 16 h",
            "debut": "2026-12-08T13:00:00+00:00",
            "adresse_sur_le_site": f"http://127.0.0.1:8000{event.get_absolute_url()}",
            "inscrit_le": Participation.objects.get().created.isoformat(),
        }
    ]
    proposed = data["evenements_proposes"][0]
    assert proposed["titre"] == "Ma proposition"
    assert proposed["statut"] == "Refusé"
    assert proposed["motif"] == "Payant."
    assert proposed["adresse_sur_le_site"] is None


def test_erasing_keeps_public_events_but_not_the_member(member, other_member):
    event = on(8, title="Chorale")
    Participation.objects.create(occurrence=event.occurrences.get(), user=member)
    Participation.objects.create(occurrence=event.occurrences.get(), user=other_member)
    published = on(9, title="Publiée", proposed_by=member)
    on(10, title="En attente", status=Event.Status.PROPOSED, proposed_by=member)
    on(11, title="Refusée", status=Event.Status.REFUSED, status_reason="Non.", proposed_by=member)
    erase_user_data(member)
    assert list(Participation.objects.values_list("user", flat=True)) == [other_member.pk]
    assert sorted(Event.objects.values_list("title", flat=True)) == ["Chorale", "Publiée"]
    published.refresh_from_db()
    assert published.proposed_by is None
    assert export_user_data(member) == {
        "participations": [],
        "evenements_proposes": [],
        "demandes_d_accompagnement": [],
        "propositions_d_accompagnement": [],
        "listes_d_attente": [],
    }


# The referents to contact ------------------------------------------------------------------------


def test_the_detail_names_the_referents_of_its_territory_and_themes(client):
    from referents.models import Referent
    from tests.factories.referents import ReferentFactory

    ReferentFactory(public_name="Nadia", kind=Referent.Kind.TERRITORY, sirens=[NANTES_METROPOLE])
    ReferentFactory(public_name="Yann", kind=Referent.Kind.TERRITORY, sirens=[CAP_ATLANTIQUE])
    emploi = ReferentFactory(public_name="Charlie", themes=["emploi"])
    ReferentFactory(public_name="Lou", themes=["logement"])
    ReferentFactory(public_name="Ancien", themes=["emploi"], is_active=False)
    event = on(8, title="Café-emploi", insee="44143", themes=["emploi"])
    response = client.get(event.get_absolute_url())
    page = text(response)
    section = page[page.index("Une question ? Vos référents") :]
    assert "Nadia , référent de territoire Charlie , référent thématique" in section
    assert "Yann" not in section and "Lou" not in section and "Ancien" not in section
    assert f'href="{emploi.get_absolute_url()}"' in response.content.decode()
