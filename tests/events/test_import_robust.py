"""Agenda import robustness (issue item 9): a partly damaged file, the commune named in the place,
dates cancelled on their own, and agendas whose events wait for the referents.

Crafted iCalendar texts through the importer's text seam, and an agenda's uploaded file through
the admin's "Importer maintenant" (the report as a moderator reads it).
"""

import html
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import MODERATION
from events.importers import CANCELLED_REASON, import_agenda, import_calendar
from events.models import Event, ExternalAgenda
from events.services import event_publish
from tousvoisins.models import Commune, Theme

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # Thursday 26 November 2026
AGENDAS = "/admin/events/externalagenda/"
QUEUE = "/admin/events/proposedevent/"
SAINT_HERBLAIN = "44162"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def import_roles(db):
    # What the events roles migration grants moderators on external agendas.
    permissions = Permission.objects.filter(
        content_type__app_label="events",
        codename__in=[f"{action}_externalagenda" for action in ("view", "add", "change", "delete")],
    )
    Group.objects.get(name=MODERATION).permissions.add(*permissions)


def calendar(*events, after=""):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Associations//Agenda//FR"]
    lines += [line for event in events for line in event.strip().splitlines()]
    return "\r\n".join([*lines, "END:VCALENDAR", ""]) + after


def vevent(uid, summary, start, *extra, location="Salle des fêtes\\, 44800 Saint-Herblain"):
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{summary}", f"DTSTART;TZID=Europe/Paris:{start}"]
    lines += [f"LOCATION:{location}", "CATEGORIES:Solidarité", *extra, "END:VEVENT"]
    return "\n".join(lines)


def make_agenda(name="Associations de l'estuaire", *, insee=SAINT_HERBLAIN, **fields):
    fields.setdefault("url", "https://agenda.exemple.fr/export.ics")
    agenda = ExternalAgenda.objects.create(
        name=name, default_commune=Commune.objects.get(insee=insee), **fields
    )
    agenda.default_themes.set(Theme.objects.filter(slug="solidarite"))
    return agenda


def titles(**filters):
    return sorted(Event.objects.filter(**filters).values_list("title", flat=True))


def text(response):
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


# a) A partly damaged file ---------------------------------------------------------------------------

DAMAGED = calendar(
    vevent("repair@asso", "Repair café", "20261205T140000", "DTEND;TZID=Europe/Paris:20261205T170000"),
    # No property at all, between two events: icalendar refuses the whole text for it.
    "ceci n'est pas une ligne iCalendar",
    vevent("impossible@asso", "Loto solidaire", "20260231T140000"),
    vevent("", "Permanence sans identifiant", "20261207T090000").replace("UID:\n", ""),
    # Never closed: the next BEGIN:VEVENT starts another event.
    "BEGIN:VEVENT\nUID:coupe@asso\nSUMMARY:Atelier coupé en deux\nDTSTART:20261208T100000",
    # A line that is no property inside an event: that event still comes in.
    vevent("tricot@asso", "Tricot solidaire", "20261209T140000", "une ligne cassée"),
    after="\x00\x01PK\x03\x04 des octets d'une autre chose\r\n",
)


def test_a_damaged_feed_brings_in_every_readable_event_and_lists_the_others_with_a_reason():
    report = import_calendar(DAMAGED, default_themes=Theme.objects.filter(slug="solidarite"))

    assert report.error == ""
    assert titles() == ["Repair café", "Tricot solidaire"]
    assert dict(report.skipped) == {
        "« Loto solidaire »": "la date de début (DTSTART) n'est pas lisible",
        "« Permanence sans identifiant »": (
            "pas d'identifiant (UID) : impossible de le suivre d'un import à l'autre"
        ),
        "« Atelier coupé en deux »": "il n'est pas terminé (la ligne END:VEVENT manque)",
    }
    assert report.notes == [
        ("Le fichier", "une ligne illisible est ignorée : « ceci n'est pas une ligne iCalendar »"),
        ("Le fichier", "ce qui suit la fin de l'agenda (END:VCALENDAR) est ignoré"),
    ]
    assert report.summary() == "2 événements créés, 0 mis à jour, 0 inchangé, 0 annulé, 3 non importés."
    repair = Event.objects.get(title="Repair café")
    assert repair.local_start == datetime(2026, 12, 5, 14, tzinfo=PARIS)
    assert repair.local_end == datetime(2026, 12, 5, 17, tzinfo=PARIS)


def test_bytes_after_the_end_of_a_good_feed_keep_nothing_out():
    feed = calendar(vevent("repair@asso", "Repair café", "20261205T140000"), after="<html>publicité</html>")
    report = import_calendar(feed, default_themes=Theme.objects.filter(slug="solidarite"))
    assert titles() == ["Repair café"]
    assert report.skipped == []


def test_a_feed_cut_short_still_brings_in_its_whole_events():
    feed = calendar(vevent("repair@asso", "Repair café", "20261205T140000"))
    cut = feed[: feed.index("END:VCALENDAR")] + "BEGIN:VEVENT\r\nUID:moitie@asso\r\nSUMMARY:Bal"
    report = import_calendar(cut, default_themes=Theme.objects.filter(slug="solidarite"))
    assert titles() == ["Repair café"]
    assert report.skipped == [("« Bal »", "il n'est pas terminé (la ligne END:VEVENT manque)")]
    assert ("Le fichier", "la fin de l'agenda (END:VCALENDAR) manque : le fichier est peut-être coupé") in (
        report.notes
    )


def test_only_a_text_without_a_calendar_is_not_an_agenda():
    report = import_calendar("<html><body>Page introuvable</body></html>")
    assert report.error == (
        "ce n'est pas un agenda au format iCalendar lisible (la ligne BEGIN:VCALENDAR manque)."
    )
    assert not Event.objects.exists()


def test_the_admin_shows_what_a_damaged_file_let_in_and_what_it_left_out(client, moderator, import_roles):
    agenda = make_agenda(
        url="", file=ContentFile(DAMAGED.encode(), name="estuaire.ics"), publish_directly=True
    )
    client.force_login(moderator)

    response = client.post(AGENDAS, {"action": "import_now", "_selected_action": [agenda.pk]}, follow=True)

    page = text(response)
    assert (
        "Associations de l'estuaire : 2 événements créés, 0 mis à jour, 0 inchangé, 0 annulé, "
        "3 non importés." in page
    )
    assert 'class="error"' not in response.content.decode()
    assert titles(status=Event.Status.PUBLISHED) == ["Repair café", "Tricot solidaire"]
    page = text(client.get(f"{AGENDAS}{agenda.pk}/change/"))
    assert "Non importés :" in page
    assert "- « Loto solidaire » : la date de début (DTSTART) n'est pas lisible" in page
    assert "- « Atelier coupé en deux » : il n'est pas terminé (la ligne END:VEVENT manque)" in page
    assert "- Le fichier : ce qui suit la fin de l'agenda (END:VCALENDAR) est ignoré" in page


# b) The commune named in the place ----------------------------------------------------------------


def test_a_commune_named_in_the_place_wins_over_the_agendas_default_commune():
    agenda = make_agenda(publish_directly=True)  # default commune: Saint-Herblain
    feed = calendar(
        vevent("a@asso", "Vide-grenier", "20261205T090000", location="Place du marché\\, Clisson"),
        vevent("b@asso", "Bourse aux vélos", "20261206T090000", location="Halle\\, 44600"),
        vevent("c@asso", "Loto", "20261207T140000", location="Salle polyvalente\\, 44350 Guérande"),
        vevent("d@asso", "Goûter", "20261208T160000", location="Jardin partagé des Glycines"),
    )
    report = import_agenda(agenda, text=feed)
    assert report.skipped == []
    communes = dict(Event.objects.values_list("title", "commune__name"))
    assert communes == {
        "Vide-grenier": "Clisson",
        "Bourse aux vélos": "Saint-Nazaire",  # a postal code of one commune only
        "Loto": "Guérande",
        "Goûter": "Saint-Herblain",  # no commune named: the agenda's
    }
    assert Event.objects.get(title="Loto").point == Commune.objects.get(name="Guérande").centre


# c) A date cancelled on its own ---------------------------------------------------------------------

MARCHE = vevent(
    "marche@asso",
    "Marche douce",
    "20261201T100000",
    "DTEND;TZID=Europe/Paris:20261201T113000",
    "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270126T230000Z",
    location="Parc de la Bégraisière\\, Saint-Herblain",
)
# Google sends a cancelled date with its dates and status only.
MARCHE_CANCELLED = """
BEGIN:VEVENT
UID:marche@asso
RECURRENCE-ID;TZID=Europe/Paris:20261215T100000
DTSTART;TZID=Europe/Paris:20261215T100000
STATUS:CANCELLED
SEQUENCE:1
END:VEVENT
"""


def test_a_date_cancelled_on_its_own_is_shown_cancelled_on_its_day(client):
    agenda = make_agenda(publish_directly=True)
    report = import_agenda(agenda, text=calendar(MARCHE, MARCHE_CANCELLED))

    marche = Event.objects.get(external_uid="marche@asso")
    assert marche.status == Event.Status.PUBLISHED
    assert date(2026, 12, 15) in marche.exception_dates
    assert date(2026, 12, 15) not in [
        occurrence.local_start.date() for occurrence in marche.occurrences.all()
    ]
    cancelled = Event.objects.get(external_uid="marche@asso/20261215T100000")
    assert (cancelled.title, cancelled.status, cancelled.status_reason) == (
        "Marche douce",
        Event.Status.CANCELLED,
        CANCELLED_REASON,
    )
    assert [occurrence.local_start for occurrence in cancelled.occurrences.all()] == [
        datetime(2026, 12, 15, 10, tzinfo=PARIS)
    ]
    assert cancelled.local_end == datetime(2026, 12, 15, 11, 30, tzinfo=PARIS)  # its event's length
    assert cancelled.commune.name == "Saint-Herblain"  # its event's place
    assert report.cancelled == ["« Marche douce » (mardi 15 décembre 2026) : annulé dans l'agenda d'origine"]

    page = text(client.get("/agenda/mois/2026/12/"))
    assert page.count("Marche douce (annulé)") == 1
    assert "Marche douce" in page.split("15 décembre")[1].split("16 décembre")[0]

    again = import_agenda(agenda, text=calendar(MARCHE, MARCHE_CANCELLED))
    assert (again.created, again.updated, again.cancelled) == ([], [], [])
    assert len(again.unchanged) == 2


def test_the_cancelled_date_of_an_event_not_yet_published_stays_out_with_it():
    agenda = make_agenda()  # its events wait for the referents
    report = import_agenda(agenda, text=calendar(MARCHE, MARCHE_CANCELLED))
    assert titles() == ["Marche douce"]
    assert Event.objects.get().status == Event.Status.PROPOSED
    assert report.skipped == [
        ("« Marche douce » (mardi 15 décembre 2026)", "annulé dans l'agenda d'origine : pas importé")
    ]


# d) Trusted partners, and the others -------------------------------------------------------------


def test_an_agendas_events_wait_for_the_referents_by_default(client, nantes_referent):
    agenda = make_agenda()
    assert agenda.publish_directly is False
    feed = calendar(vevent("repair@asso", "Repair café", "20261205T140000"))

    report = import_agenda(agenda, text=feed)

    repair = Event.objects.get()
    assert repair.status == Event.Status.PROPOSED
    assert report.summary() == (
        "1 événement créé, 0 mis à jour, 0 inchangé, 0 annulé, 0 non importé. "
        "1 nouvel événement attend la relecture des référents avant d'être publié."
    )
    agenda.refresh_from_db()
    assert agenda.last_report.startswith("1 événement créé")
    assert "Repair café" not in text(client.get("/agenda/"))
    client.force_login(nantes_referent)  # Saint-Herblain is in Nantes Métropole
    assert [event.title for event in client.get(QUEUE).context["cl"].result_list] == ["Repair café"]


def test_once_published_by_a_referent_an_event_follows_its_feed():
    agenda = make_agenda()
    feed = calendar(vevent("repair@asso", "Repair café", "20261205T140000"))
    import_agenda(agenda, text=feed)
    event_publish(event=Event.objects.get())

    import_agenda(agenda, text=feed.replace("Repair café", "Repair café du samedi"))
    repair = Event.objects.get()
    assert (repair.title, repair.status) == ("Repair café du samedi", Event.Status.PUBLISHED)

    import_agenda(agenda, text=feed.replace("END:VEVENT", "STATUS:CANCELLED\r\nEND:VEVENT"))
    assert Event.objects.get().status == Event.Status.CANCELLED


def test_a_trusted_partners_events_are_published_at_once():
    agenda = make_agenda(publish_directly=True)
    report = import_agenda(agenda, text=calendar(vevent("repair@asso", "Repair café", "20261205T140000")))
    assert Event.objects.get().status == Event.Status.PUBLISHED
    assert report.to_review == []
    assert "relecture" not in report.summary()


def test_a_file_with_stray_bytes_before_its_calendar_is_accepted_and_imported(
    client, moderator, import_roles
):
    client.force_login(moderator)
    upload = SimpleUploadedFile(
        "agenda.ics", b"Export du 25/11/2026\r\n" + DAMAGED.encode(), content_type="text/calendar"
    )
    response = client.post(
        f"{AGENDAS}add/",
        {
            "name": "Comité des fêtes",
            "url": "",
            "file": upload,
            "active": "on",
            "publish_directly": "on",
            "default_themes": [Theme.objects.get(slug="solidarite").pk],
            "default_commune": Commune.objects.get(insee=SAINT_HERBLAIN).pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == AGENDAS
    agenda = ExternalAgenda.objects.get()
    assert len(import_agenda(agenda).created) == 2


def test_a_moderator_sees_and_sets_whether_an_agenda_is_a_trusted_partner(client, moderator, import_roles):
    trusted = make_agenda("Médiathèque Hermeland", publish_directly=True)
    make_agenda("Comité des fêtes")
    client.force_login(moderator)

    response = client.get(AGENDAS)
    assert response.status_code == 200
    assert "Partenaire de confiance : publier sans relecture" in text(response)
    assert [agenda.publish_directly for agenda in response.context["cl"].result_list] == [False, True]
    assert client.get(f"{AGENDAS}?publish_directly__exact=1").context["cl"].result_list[0] == trusted

    form = client.get(f"{AGENDAS}add/")
    assert "Partenaire de confiance : publier sans relecture" in text(form)
    assert not form.context["adminform"].form["publish_directly"].value()  # waiting is the default
    response = client.post(
        f"{AGENDAS}add/",
        {
            "name": "Maison des associations",
            "url": "https://maison-associations.exemple.fr/agenda.ics",
            "active": "on",
            "publish_directly": "on",
            "default_commune": Commune.objects.get(insee=SAINT_HERBLAIN).pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == AGENDAS
    assert ExternalAgenda.objects.get(name="Maison des associations").publish_directly
