"""The external agendas in the admin: moderators manage and import them, referents look at theirs."""

import html
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import MODERATION, TERRITORY_REFERENTS, THEMATIC_REFERENTS
from events.models import Event, ExternalAgenda
from tousvoisins.models import Commune, Theme

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)
FEED = (Path(__file__).parent / "fixtures" / "ical" / "mediatheque-hermeland.ics").read_bytes()
CHANGELIST = "/admin/events/externalagenda/"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def import_roles(db):
    # What the events roles migration grants (see the report: moderators manage, referents view).
    roles = {
        MODERATION: ["view", "add", "change", "delete"],
        THEMATIC_REFERENTS: ["view"],
        TERRITORY_REFERENTS: ["view"],
    }
    for group_name, actions in roles.items():
        permissions = Permission.objects.filter(
            content_type__app_label="events", codename__in=[f"{action}_externalagenda" for action in actions]
        )
        Group.objects.get(name=group_name).permissions.add(*permissions)


def make_agenda(name, insee, themes, **fields):
    fields.setdefault("file", ContentFile(FEED, name="agenda.ics"))
    agenda = ExternalAgenda.objects.create(
        name=name, default_commune=Commune.objects.get(insee=insee), **fields
    )
    agenda.default_themes.set(Theme.objects.filter(slug__in=themes))
    return agenda


@pytest.fixture
def hermeland():
    # A trusted partner: its events are published at once (test_import_robust.py has the others).
    return make_agenda(
        "Médiathèque Hermeland", "44162", ["loisirs-culture-sport"], publish_directly=True
    )  # Nantes Métropole


@pytest.fixture
def estuaire():
    return make_agenda("Associations de l'estuaire", "44184", ["solidarite"])  # CARENE


def text(response):
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def run_action(client, *agendas):
    return client.post(
        CHANGELIST,
        {"action": "import_now", "_selected_action": [agenda.pk for agenda in agendas]},
        follow=True,
    )


def test_a_moderator_sees_every_agenda_with_its_last_report(
    client, moderator, hermeland, estuaire, django_assert_num_queries
):
    hermeland.last_report = (
        "4 événements créés, 0 mis à jour, 0 inchangé, 0 annulé, 0 non importé.\n\nCréés :"
    )
    hermeland.save()
    client.force_login(moderator)
    # 1 session, 2 user, 3-4 permissions (own, groups'), 5 group names (is_moderator),
    # 6-7 counts (selected, total), 8 the page of agendas with their number of events.
    with django_assert_num_queries(8):
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    page = text(response)
    assert "Médiathèque Hermeland" in page and "Associations de l'estuaire" in page
    assert "4 événements créés, 0 mis à jour, 0 inchangé, 0 annulé, 0 non importé." in page
    assert "Pas encore importé." in page

    for number in range(6):
        make_agenda(f"Agenda {number}", "44184", ["emploi"])
    with django_assert_num_queries(8):
        assert client.get(CHANGELIST).status_code == 200


def test_a_moderator_imports_agendas_now_and_reads_the_result_in_a_message(client, moderator, hermeland):
    client.force_login(moderator)
    response = run_action(client, hermeland)
    assert response.status_code == 200
    assert (
        "Médiathèque Hermeland : 4 événements créés, 0 mis à jour, 0 inchangé, 0 annulé, "
        "1 non importé, 1 déjà passé, ignoré." in text(response)
    )
    assert Event.objects.filter(external_agenda=hermeland, status=Event.Status.PUBLISHED).count() == 4
    hermeland.refresh_from_db()
    assert hermeland.last_import_at == NOW
    assert hermeland.last_report.startswith("4 événements créés")

    response = run_action(client, hermeland)
    assert "Médiathèque Hermeland : 0 événement créé, 0 mis à jour, 4 inchangés" in text(response)


def test_an_agenda_that_cannot_be_read_is_reported_as_an_error(client, moderator, settings):
    settings.EVENT_IMPORT_TIMEOUT = 0.5
    agenda = make_agenda(
        "Agenda fermé", "44162", ["solidarite"], file="", url="http://127.0.0.1:9/agenda.ics"
    )
    client.force_login(moderator)
    response = run_action(client, agenda)
    assert 'class="error"' in response.content.decode()
    assert "Agenda fermé : Import impossible : le serveur de l'agenda est injoignable" in text(response)


def test_the_change_page_shows_the_whole_last_report(client, moderator, hermeland):
    client.force_login(moderator)
    run_action(client, hermeland)
    response = client.get(f"{CHANGELIST}{hermeland.pk}/change/")
    assert response.status_code == 200
    page = text(response)
    assert "Compte rendu du dernier import" in page
    assert "Non importés :" in page
    assert "« Concert de Noël de l'école de musique » (vendredi 18 décembre 2026)" in page


def test_a_referent_sees_only_the_agendas_of_their_territory_or_themes_and_cannot_import(
    client, nantes_referent, hermeland, estuaire
):
    client.force_login(nantes_referent)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    page = text(response)
    assert "Médiathèque Hermeland" in page
    assert "Associations de l'estuaire" not in page
    assert "Importer maintenant" not in page  # viewing only

    assert client.get(f"{CHANGELIST}{hermeland.pk}/change/").status_code == 200
    response = client.get(f"{CHANGELIST}{estuaire.pk}/change/")
    assert response.status_code == 302  # as if it did not exist
    assert response["Location"] == "/admin/"

    run_action(client, hermeland)
    hermeland.refresh_from_db()
    assert hermeland.last_import_at is None
    assert not Event.objects.exists()
    assert client.post(f"{CHANGELIST}{hermeland.pk}/change/", {"name": "Autre"}).status_code == 403


def test_a_thematic_referent_sees_the_agendas_of_their_themes(client, thematic_referent, hermeland):
    make_agenda("Maison de l'emploi", "44184", ["emploi"])
    client.force_login(thematic_referent)
    page = text(client.get(CHANGELIST))
    assert "Maison de l'emploi" in page
    assert "Médiathèque Hermeland" not in page


def test_a_new_agenda_needs_an_address_or_a_file(client, moderator):
    client.force_login(moderator)
    data = {"name": "Médiathèque de Blain", "url": "", "active": "on", "default_commune": ""}
    response = client.post(f"{CHANGELIST}add/", data)
    assert response.status_code == 200
    assert "Indiquez l&#x27;adresse du flux iCalendar ou choisissez un fichier .ics." in response.text
    assert response.context["adminform"].form["name"].value() == "Médiathèque de Blain"

    response = client.post(f"{CHANGELIST}add/", {**data, "url": "ftp://exemple.fr/agenda.ics"})
    assert "L&#x27;adresse doit commencer par http:// ou https://." in response.text

    page = SimpleUploadedFile("agenda.ics", b"<html>pas un agenda</html>", content_type="text/calendar")
    response = client.post(f"{CHANGELIST}add/", {**data, "file": page})
    assert "Ce fichier n&#x27;est pas un agenda au format iCalendar" in response.text
    assert not ExternalAgenda.objects.exists()


def test_a_moderator_adds_an_agenda_by_its_address(client, moderator):
    client.force_login(moderator)
    response = client.post(
        f"{CHANGELIST}add/",
        {
            "name": "Médiathèque de Blain",
            "url": "https://mediatheque.ville-blain.fr/agenda.ics",
            "active": "on",
            "default_themes": [Theme.objects.get(slug="loisirs-culture-sport").pk],
            "default_commune": Commune.objects.get(insee="44015").pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    agenda = ExternalAgenda.objects.get()
    assert agenda.created_by == moderator
    assert agenda.default_commune.name == "Blain"
    assert agenda.last_import_at is None
