""" "Inscrire quelqu'un" (issue 12, item 1): a referent in scope, the organiser or a moderator
registers a person without an account to a date; these people take places, show only in the
"Qui vient" list of the people who look after the event, never publicly, and are purged a set
time after their date."""

import html
import io
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, transaction

from accounts.gdpr import export_json
from events.models import Participation, ProxyRegistration
from events.personal_data import purge_expired_data
from tests.conftest import make_user
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)
PHONE = "02 40 12 34 56"


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


def register_url(event):
    return f"{event.get_absolute_url()}inscrire-quelqu-un/"


def who_comes_url(event):
    return f"{event.get_absolute_url()}qui-vient/"


def person(occurrence=None, **fields):
    data = {
        "first_name": "Jeannine",
        "phone": PHONE,
        "postal_address": "",
        "consent": "on",
        "consent_given_on": "2026-11-25",
        "consent_channel": "telephone",
        "notes": "Vient en fauteuil",
    }
    if occurrence is not None:
        data["date"] = occurrence.pk
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def registered(occurrence, first_name="Jeannine", **fields):
    fields.setdefault("phone", PHONE)
    return ProxyRegistration.objects.create(
        occurrence=occurrence, first_name=first_name, consent_given_on=date(2026, 11, 25), **fields
    )


# The form ------------------------------------------------------------------------------------


def test_a_referent_in_scope_registers_a_person_by_phone(client, nantes_referent):
    event = on(8, title="Chorale")
    occurrence = event.occurrences.get()
    client.force_login(nantes_referent)
    page = text(client.get(register_url(event)))
    assert "Inscrire quelqu'un à « Chorale »" in page
    assert "Mardi 8 décembre 2026, de 14 h à 16 h" in page

    response = client.post(register_url(event), person(occurrence))
    assert response.status_code == 302
    assert response["Location"] == who_comes_url(event)
    registration = ProxyRegistration.objects.get()
    assert (registration.occurrence, registration.first_name, registration.phone) == (
        occurrence,
        "Jeannine",
        PHONE,
    )
    assert registration.registered_by == nantes_referent
    assert registration.consent_given_on == date(2026, 11, 25)
    assert registration.consent_in_words == (
        "La personne a donné son accord le mercredi 25 novembre 2026, par téléphone."
    )
    assert "C'est noté : inscription de Jeannine à « Chorale », mardi 8 décembre 2026" in text(
        client.get(response["Location"])
    )


def test_consent_is_required_and_what_was_typed_is_kept(client, nantes_referent):
    event = on(8)
    client.force_login(nantes_referent)
    response = client.post(register_url(event), person(event.occurrences.get(), consent=None))
    assert response.status_code == 200
    page = text(response)
    assert "La personne n'est pas encore inscrite." in page
    assert "sans son accord, on ne peut pas l'inscrire" in page
    assert 'value="Jeannine"' in response.content.decode()
    assert not ProxyRegistration.objects.exists()


def test_a_phone_or_an_address_is_required(client, nantes_referent):
    event = on(8)
    occurrence = event.occurrences.get()
    client.force_login(nantes_referent)
    response = client.post(register_url(event), person(occurrence, phone=""))
    assert "Donnez un numéro de téléphone ou une adresse postale" in text(response)
    response = client.post(register_url(event), person(occurrence, phone="12 34"))
    assert "Écrivez un numéro de téléphone de 10 chiffres" in text(response)
    assert not ProxyRegistration.objects.exists()
    # An address alone is enough (a person without a phone gets a letter).
    response = client.post(
        register_url(event), person(occurrence, phone="", postal_address="3 rue des Lilas, Rezé")
    )
    assert response.status_code == 302
    assert ProxyRegistration.objects.get().postal_address == "3 rue des Lilas, Rezé"
    # The database keeps the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        registered(occurrence, phone="", postal_address="")


def test_the_date_of_the_consent_cannot_be_in_the_future(client, nantes_referent):
    event = on(8)
    client.force_login(nantes_referent)
    response = client.post(
        register_url(event), person(event.occurrences.get(), consent_given_on="2026-12-01")
    )
    assert "L'accord ne peut pas être donné dans le futur" in text(response)
    assert not ProxyRegistration.objects.exists()


# Places --------------------------------------------------------------------------------------


def test_registered_people_take_places_and_a_full_date_is_refused(client, nantes_referent, member):
    event = on(8, capacity=2)
    occurrence = event.occurrences.get()
    Participation.objects.create(occurrence=occurrence, user=make_user("zoe"))
    registered(occurrence)
    page = text(client.get(event.get_absolute_url()))
    assert "2 personnes participent." in page
    assert "Complet." in page

    client.force_login(nantes_referent)
    response = client.post(register_url(event), person(occurrence, first_name="Marcel"))
    assert response.status_code == 200
    assert "Cette date est complète." in text(response)
    assert ProxyRegistration.objects.count() == 1

    # Nor can a member take a place a referent gave away.
    client.force_login(member)
    client.post(f"{event.get_absolute_url()}participer/", {"date": occurrence.pk})
    assert not Participation.objects.filter(user=member).exists()


def test_a_person_can_be_registered_for_every_coming_date_of_a_recurring_event(client, nantes_referent):
    event = on(1, recurrence="FREQ=WEEKLY;COUNT=4", capacity=1)
    dates = list(event.occurrences.order_by("start"))
    registered(dates[2], first_name="Déjà là")
    client.force_login(nantes_referent)
    assert "Toutes les dates à venir de cette rencontre" in text(client.get(register_url(event)))

    response = client.post(register_url(event), person(dates[0], all_dates="on"), follow=True)
    assert sorted(
        ProxyRegistration.objects.filter(first_name="Jeannine").values_list("occurrence", flat=True)
    ) == [
        dates[0].pk,
        dates[1].pk,
        dates[3].pk,
    ]
    page = text(response)
    assert "C'est noté : inscription de Jeannine à « " in page and "pour 3 dates" in page
    assert "Ces dates sont complètes, sans inscription de Jeannine : mardi 15 décembre 2026" in page


# Who may register, who sees who comes ------------------------------------------------------------

ALLOWED = ["nantes_referent", "thematic_referent", "moderator", "organiser"]
REFUSED = ["cap_referent", "other_member"]


@pytest.fixture
def event_in_nantes(member):
    """An employment event in Nantes Métropole, proposed by the member (its organiser)."""
    return on(8, title="Atelier CV", themes=["emploi"], proposed_by=member)


def persona(request, name, member):
    return member if name == "organiser" else request.getfixturevalue(name)


@pytest.mark.parametrize("name", ALLOWED)
def test_the_organiser_the_referents_in_scope_and_moderators_may_register_and_see_who_comes(
    client, request, member, event_in_nantes, name
):
    occurrence = event_in_nantes.occurrences.get()
    client.force_login(persona(request, name, member))
    assert client.get(register_url(event_in_nantes)).status_code == 200
    assert client.post(register_url(event_in_nantes), person(occurrence)).status_code == 302
    assert ProxyRegistration.objects.filter(occurrence=occurrence).count() == 1
    page = text(client.get(who_comes_url(event_in_nantes)))
    assert "Jeannine" in page and PHONE in page
    # The event's page leads there.
    assert "Inscrire quelqu'un" in text(client.get(event_in_nantes.get_absolute_url()))


@pytest.mark.parametrize("name", REFUSED)
def test_other_referents_and_members_may_neither_register_nor_see_who_comes(
    client, request, member, event_in_nantes, name
):
    occurrence = event_in_nantes.occurrences.get()
    registered(occurrence)
    client.force_login(persona(request, name, member))
    assert client.get(register_url(event_in_nantes)).status_code == 403
    assert (
        client.post(register_url(event_in_nantes), person(occurrence, first_name="Marcel")).status_code == 403
    )
    assert client.get(who_comes_url(event_in_nantes)).status_code == 403
    assert not ProxyRegistration.objects.filter(first_name="Marcel").exists()
    assert "Inscrire quelqu'un" not in text(client.get(event_in_nantes.get_absolute_url()))


def test_visitors_are_sent_to_sign_in(client, event_in_nantes):
    for url in (register_url(event_in_nantes), who_comes_url(event_in_nantes)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/comptes/login/")
    response = client.post(register_url(event_in_nantes), person(event_in_nantes.occurrences.get()))
    assert response.status_code == 302
    assert not ProxyRegistration.objects.exists()


def test_a_proposal_not_visible_to_a_member_answers_404(client, other_member, member):
    proposal = on(8, status="proposed", proposed_by=member)
    client.force_login(other_member)
    assert client.get(who_comes_url(proposal)).status_code == 404
    assert client.get(register_url(proposal)).status_code == 404


def test_nobody_can_be_registered_to_a_cancelled_event(client, nantes_referent):
    event = on(8, status="cancelled", status_reason="Salle fermée.")
    client.force_login(nantes_referent)
    response = client.post(register_url(event), person(event.occurrences.get()))
    assert "On ne peut inscrire personne : cette rencontre n'est pas publiée, elle est annulée." in text(
        response
    )
    assert not ProxyRegistration.objects.exists()


# Never public ----------------------------------------------------------------------------------


def test_registered_people_are_never_shown_on_public_pages_feeds_or_exports(
    client, member, other_member, nantes_referent, event_in_nantes
):
    occurrence = event_in_nantes.occurrences.get()
    registered(occurrence, first_name="Jeannine", notes="Appeler la veille", registered_by=nantes_referent)
    Participation.objects.create(occurrence=occurrence, user=other_member)
    urls = [
        event_in_nantes.get_absolute_url(),
        f"{event_in_nantes.get_absolute_url()}evenement.ics",
        "/agenda/",
        "/agenda/agenda.ics",
        "/agenda/carte/evenements.geojson",
        f"/agenda/imprimer/{event_in_nantes.intercommunalite.siren}/",
    ]
    for who in (None, other_member, member, nantes_referent):
        client.logout()
        if who is not None:
            client.force_login(who)
        for url in urls:
            content = client.get(url).content.decode()
            assert "Jeannine" not in content and "40 12 34 56" not in content, (who, url)
    # The public page counts her, and only counts her.
    client.logout()
    assert "2 personnes participent." in text(client.get(event_in_nantes.get_absolute_url()))
    # Nobody's download of their own data holds her: not the organiser's, not the referent's.
    for who in (member, other_member, nantes_referent):
        data = export_json(who)
        assert "Jeannine" not in data and "40 12 34 56" not in data and "Appeler la veille" not in data


# The printable list ------------------------------------------------------------------------------


def test_the_printable_list_shows_the_numbers_to_call_and_who_registered(
    client, member, nantes_referent, django_assert_num_queries
):
    event = on(1, recurrence="FREQ=WEEKLY;COUNT=3", capacity=10, proposed_by=member)
    first, second, _third = event.occurrences.order_by("start")
    registered(first, first_name="Jeannine", notes="Vient en fauteuil", registered_by=nantes_referent)
    registered(first, first_name="Albert", phone="", postal_address="3 rue des Lilas, Rezé")
    registered(second, first_name="Marcel", phone="06 11 22 33 44")
    Participation.objects.create(occurrence=first, user=make_user("zoe"))
    client.force_login(member)
    # 1. session, 2. user, 3. the member's current suspension (the layout's banner), 4. the event
    # with its commune and intercommunalité, 5. its thèmes, 6. the member's groups (moderator?
    # referent?), 7. the dates with their counts, 8. the members' names, 9. the registered people
    # with who registered them, 10. the unread messages (the layout's "Mes messages")
    with django_assert_num_queries(10):
        response = client.get(who_comes_url(event))
    content = response.content.decode()
    assert "events/who-comes.css" in content
    page = text(response)
    assert "Liste à imprimer pour appeler la veille" in page
    assert page.index("Mardi 1er décembre 2026") < page.index("Albert") < page.index("Jeannine")
    assert page.index("Jeannine") < page.index("Mardi 8 décembre 2026") < page.index("Marcel")
    assert (
        f"Jeannine {PHONE} — Vient en fauteuil La personne a donné son accord le mercredi 25 novembre 2026"
        in page
    )
    assert "Inscrite par nadia." in page
    assert "3 rue des Lilas, Rezé" in page and "06 11 22 33 44" in page
    assert "Membres du site : zoe." in page
    assert "3 personnes sur 10 places." in page
    assert "Mardi 15 décembre 2026, de 14 h à 16 h Personne sur 10 places. " in page

    # One date only, to print the list for tomorrow's calls.
    page = text(client.get(who_comes_url(event), {"date": second.pk}))
    assert "Marcel" in page and "Jeannine" not in page


# Purge -------------------------------------------------------------------------------------------


def test_the_daily_purge_erases_registrations_a_set_time_after_their_date_and_is_idempotent(settings):
    settings.PHONE_REGISTRATION_RETENTION_DAYS = 30
    past = EventFactory(start=NOW - timedelta(days=31), end=NOW - timedelta(days=31) + timedelta(hours=2))
    recent = EventFactory(start=NOW - timedelta(days=29), end=NOW - timedelta(days=29) + timedelta(hours=2))
    coming = on(8)
    registered(past.occurrences.get(), first_name="Ancienne")
    registered(recent.occurrences.get(), first_name="Récente")
    registered(coming.occurrences.get(), first_name="À venir")

    out = io.StringIO()
    call_command("purge_expired_personal_data", stdout=out)
    assert "- personnes inscrites par un référent à une date passée de plus de 30 jours : 1" in out.getvalue()
    assert sorted(ProxyRegistration.objects.values_list("first_name", flat=True)) == ["Récente", "À venir"]
    assert purge_expired_data(now=NOW) == {
        "personnes inscrites par un référent à une date passée de plus de 30 jours": 0
    }
    assert ProxyRegistration.objects.count() == 2


def test_the_personal_data_page_says_when_they_are_erased(client):
    page = text(client.get("/donnees-personnelles/"))
    assert "inscrites à une rencontre par un référent" in page
    assert "effacées automatiquement 30 jours après la date de la rencontre" in page


# The admin -------------------------------------------------------------------------------------


ADMIN = "/admin/events/proxyregistration/"


def test_a_referent_registers_a_person_in_the_admin(client, nantes_referent, cap_referent):
    event = on(8, title="Chorale", capacity=5)
    occurrence = event.occurrences.get()
    elsewhere = on(9, title="Loin", insee="44184").occurrences.get()  # Saint-Nazaire, CARENE
    client.force_login(nantes_referent)
    page = text(client.get(f"{ADMIN}add/"))
    assert "Inscrire quelqu'un" in page
    assert "Chorale — mardi 8 décembre 2026" in page and "Loin" not in page

    data = {**person(first_name="Paulette"), "occurrence": occurrence.pk}
    response = client.post(f"{ADMIN}add/", data)
    assert response.status_code == 302, response.content.decode()
    registration = ProxyRegistration.objects.get()
    assert (registration.first_name, registration.registered_by) == ("Paulette", nantes_referent)

    # Out of scope: another date is refused, and another referent does not see her.
    response = client.post(f"{ADMIN}add/", {**person(first_name="Roger"), "occurrence": elsewhere.pk})
    assert response.status_code == 200
    assert not ProxyRegistration.objects.filter(first_name="Roger").exists()
    client.force_login(cap_referent)
    assert "Paulette" not in client.get(ADMIN).content.decode()
    assert client.get(f"{ADMIN}{registration.pk}/change/").status_code == 302  # the admin's "not found"


def test_the_admin_refuses_a_full_date(client, nantes_referent):
    event = on(8, capacity=1)
    occurrence = event.occurrences.get()
    registered(occurrence)
    client.force_login(nantes_referent)
    response = client.post(f"{ADMIN}add/", {**person(first_name="Paulette"), "occurrence": occurrence.pk})
    assert response.status_code == 200
    assert "Cette date est complète." in text(response)
    assert not ProxyRegistration.objects.filter(first_name="Paulette").exists()


def test_the_admin_list_makes_a_fixed_number_of_queries(client, nantes_referent, django_assert_num_queries):
    for day in (8, 9, 10):
        registered(on(day).occurrences.get(), registered_by=nantes_referent)
    registered(on(11, insee="44184").occurrences.get(), first_name="Hors périmètre")  # CARENE
    client.force_login(nantes_referent)
    client.get(ADMIN)  # the admin's first visit fills its caches (content types, site)

    def count():
        # session, user, the user's and their groups' permissions, their group names, the count in
        # scope twice ("x sur y"), the page of rows with their date, event and who registered them
        with django_assert_num_queries(8) as captured:
            response = client.get(ADMIN)
        return len(captured), text(response)

    first, page = count()
    assert page.count("Jeannine") == 3 and "Hors périmètre" not in page
    for day in (12, 13):
        registered(on(day).occurrences.get(), registered_by=nantes_referent)
    assert count()[0] == first


def test_the_demo_has_a_person_registered_by_phone_once(client):
    from accounts.models import User

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    registration = ProxyRegistration.objects.select_related("occurrence__event").get()
    assert registration.first_name == "Jeannine" and registration.registered_by.username == "claire-nantes"
    client.force_login(User.objects.get(username="claire-nantes"))
    assert "Jeannine" in text(client.get(who_comes_url(registration.occurrence.event)))
