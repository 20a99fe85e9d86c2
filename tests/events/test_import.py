"""Importing existing agendas (iCalendar): from committed feeds, through the importer's text seam
and the import_ical command. Fetching over HTTP is in test_import_fetch.py, the admin in
test_import_admin.py."""

import io
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from events.importers import CANCELLED_REASON, VANISHED_REASON, import_agenda, import_calendar
from events.models import Event, ExternalAgenda
from tousvoisins.models import Commune, Theme

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # Thursday 26 November 2026
FEEDS = Path(__file__).parent / "fixtures" / "ical"

CONTE_UID = "heure-du-conte-2026-2027@mediatheques.saint-herblain.fr"
ATELIER_UID = "atelier-numerique-20261205@mediatheques.saint-herblain.fr"
BRADERIE_UID = "braderie-livres-20261212@mediatheques.saint-herblain.fr"
CLUB_UID = "club-lecture-ados-20261210@mediatheques.saint-herblain.fr"
GOOGLE_UID = "5kq1v0c4o2b6m1ee9vu7d3h2a8@google.com"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def feed(name):
    return (FEEDS / name).read_text(encoding="utf-8")


@pytest.fixture
def mediatheque():
    agenda = ExternalAgenda.objects.create(
        name="Médiathèque Hermeland",
        url="https://www.la-bibliotheque.com/agenda/export.ics",
        default_commune=Commune.objects.get(insee="44162"),  # Saint-Herblain
        publish_directly=True,  # a trusted partner (the others: test_import_robust.py)
    )
    agenda.default_themes.set(Theme.objects.filter(slug="loisirs-culture-sport"))
    return agenda


def imported(uid):
    return Event.objects.get(source=Event.Source.IMPORTED, external_uid=uid)


def slugs(event):
    return {theme.slug for theme in event.themes.all()}


def local_starts(event):
    return [occurrence.local_start for occurrence in event.occurrences.order_by("start")]


def snapshot():
    """Every imported event's last change, and every date's id: what a no-op import must keep."""
    return (
        dict(Event.objects.values_list("external_uid", "updated")),
        set(Event.objects.values_list("occurrences__pk", flat=True)),
    )


# A médiathèque's agenda -----------------------------------------------------------------------


def test_it_imports_a_weekly_event_with_its_skipped_weeks_as_a_rule(mediatheque):
    import_agenda(mediatheque, text=feed("mediatheque-hermeland.ics"))
    conte = imported(CONTE_UID)
    assert conte.title == "L'heure du conte"
    assert conte.status == Event.Status.PUBLISHED
    assert conte.source == Event.Source.IMPORTED
    assert conte.external_agenda == mediatheque
    assert conte.recurrence == "FREQ=WEEKLY;BYDAY=WE;UNTIL=20270630T215959Z"
    assert conte.exception_dates == [date(2026, 12, 23), date(2026, 12, 30)]
    assert conte.local_start == datetime(2026, 12, 2, 10, 30, tzinfo=PARIS)
    assert conte.local_end == datetime(2026, 12, 2, 11, 30, tzinfo=PARIS)
    starts = local_starts(conte)
    assert starts[:4] == [
        datetime(2026, 12, 2, 10, 30, tzinfo=PARIS),
        datetime(2026, 12, 9, 10, 30, tzinfo=PARIS),
        datetime(2026, 12, 16, 10, 30, tzinfo=PARIS),
        datetime(2027, 1, 6, 10, 30, tzinfo=PARIS),  # not during the Christmas holidays
    ]
    # Summer time changes nothing to the time of day; the rule ends on 30 June 2027.
    assert starts[-1] == datetime(2027, 6, 30, 10, 30, tzinfo=PARIS)
    assert len(starts) == 31 - 2


def test_it_takes_the_place_organiser_link_and_themes_from_the_feed(mediatheque):
    import_agenda(mediatheque, text=feed("mediatheque-hermeland.ics"))
    conte = imported(CONTE_UID)
    assert conte.place_name == "Médiathèque Hermeland"
    assert conte.address == "rue François-Rabelais, 44800 Saint-Herblain"
    assert (round(conte.point.x, 4), round(conte.point.y, 4)) == (-1.6225, 47.2147)  # its GEO
    assert conte.commune.name == "Saint-Herblain"
    assert conte.intercommunalite.full_name == "Nantes Métropole"
    assert conte.organiser_name == "Médiathèque Hermeland"  # ORGANIZER's name, never its e-mail
    assert conte.external_url == "https://www.la-bibliotheque.com/agenda/heure-du-conte"
    assert conte.description.startswith(
        "Des histoires lues à voix haute pour les enfants de 3 à 7 ans, avec leurs parents"
    )
    assert slugs(conte) == {"loisirs-culture-sport"}  # CATEGORIES "Culture"


def test_it_falls_back_on_the_agendas_commune_and_themes(mediatheque):
    mediatheque.default_themes.set(Theme.objects.filter(slug="solidarite"))
    import_agenda(mediatheque, text=feed("mediatheque-hermeland.ics"))
    atelier = imported(ATELIER_UID)
    assert slugs(atelier) == {"solidarite"}  # "Numérique" is none of the site's thèmes
    assert atelier.commune.name == "Saint-Herblain"
    assert atelier.point == atelier.commune.centre  # no GEO: the commune's centre
    assert atelier.place_name == "Médiathèque Hermeland"
    assert atelier.address == ""  # LOCATION "Médiathèque Hermeland, Saint-Herblain"
    assert atelier.local_start == datetime(2026, 12, 5, 10, tzinfo=PARIS)


def test_it_imports_an_all_day_event(mediatheque):
    import_agenda(mediatheque, text=feed("mediatheque-hermeland.ics"))
    braderie = imported(BRADERIE_UID)
    assert braderie.all_day
    assert braderie.local_start == datetime(2026, 12, 12, tzinfo=PARIS)
    assert braderie.local_end == datetime(2026, 12, 13, tzinfo=PARIS)
    assert braderie.when_in_words == "samedi 12 décembre 2026, toute la journée"
    assert braderie.occurrences.count() == 1


def test_it_leaves_out_cancelled_and_past_events_it_never_had(mediatheque):
    report = import_agenda(mediatheque, text=feed("mediatheque-hermeland.ics"))
    assert not Event.objects.filter(title__startswith="Concert de Noël").exists()
    assert not Event.objects.filter(title__startswith="Exposition").exists()
    assert report.skipped == [
        (
            "« Concert de Noël de l'école de musique » (vendredi 18 décembre 2026)",
            "annulé dans l'agenda d'origine : pas importé",
        )
    ]
    assert report.past == 1
    assert len(report.created) == 4


def test_it_keeps_a_french_report_on_the_agenda(mediatheque):
    import_agenda(mediatheque, text=feed("mediatheque-hermeland.ics"))
    mediatheque.refresh_from_db()
    assert mediatheque.last_import_at == NOW
    lines = mediatheque.last_report.splitlines()
    assert lines[0] == (
        "4 événements créés, 0 mis à jour, 0 inchangé, 0 annulé, 1 non importé, 1 déjà passé, ignoré."
    )
    assert "- « L'heure du conte » (mercredi 2 décembre 2026)" in lines
    assert (
        "- « Concert de Noël de l'école de musique » (vendredi 18 décembre 2026) : "
        "annulé dans l'agenda d'origine : pas importé"
    ) in lines


def test_a_second_import_of_the_same_feed_changes_nothing(mediatheque):
    import_agenda(mediatheque, text=feed("mediatheque-hermeland.ics"))
    before = snapshot()
    with time_machine.travel(NOW.replace(hour=16), tick=False):
        report = import_agenda(mediatheque, text=feed("mediatheque-hermeland.ics"))
    assert (len(report.created), len(report.updated), len(report.cancelled)) == (0, 0, 0)
    assert len(report.unchanged) == 4
    assert Event.objects.count() == 4
    assert snapshot() == before  # not one row saved again
    assert report.summary() == (
        "0 événement créé, 0 mis à jour, 4 inchangés, 0 annulé, 1 non importé, 1 déjà passé, ignoré."
    )


# The same agenda, a day later -----------------------------------------------------------------


def test_it_follows_changes_cancellations_and_events_gone_from_the_feed(mediatheque):
    import_agenda(mediatheque, text=feed("mediatheque-hermeland.ics"))
    conte_updated = imported(CONTE_UID).updated
    with time_machine.travel(NOW.replace(day=27), tick=False):
        report = import_agenda(mediatheque, text=feed("mediatheque-hermeland-v2.ics"))

    atelier = imported(ATELIER_UID)  # new time (SEQUENCE 1), new description
    assert atelier.local_start == datetime(2026, 12, 5, 14, tzinfo=PARIS)
    assert local_starts(atelier) == [datetime(2026, 12, 5, 14, tzinfo=PARIS)]
    assert atelier.description.endswith("Attention : nouvel horaire, l'après-midi.")
    assert atelier.status == Event.Status.PUBLISHED

    club = imported(CLUB_UID)  # STATUS:CANCELLED in the feed
    assert club.status == Event.Status.CANCELLED
    assert club.status_reason == CANCELLED_REASON == "Annulé par l'organisateur (agenda d'origine)."

    braderie = imported(BRADERIE_UID)  # no longer in the feed: cancelled, not deleted
    assert braderie.status == Event.Status.CANCELLED
    assert braderie.status_reason == VANISHED_REASON
    assert braderie.occurrences.count() == 1

    assert imported(CONTE_UID).updated == conte_updated
    assert report.updated == ["« Atelier numérique : créer son adresse e-mail » (samedi 5 décembre 2026)"]
    assert report.cancelled == [
        "« Club lecture ados » (jeudi 10 décembre 2026)",
        "« Grande braderie de livres » (samedi 12 décembre 2026) : ne figure plus dans l'agenda d'origine",
    ]
    assert report.unchanged == ["« L'heure du conte » (mercredi 2 décembre 2026)"]


def test_the_updated_feed_imported_again_changes_nothing(mediatheque):
    import_agenda(mediatheque, text=feed("mediatheque-hermeland.ics"))
    import_agenda(mediatheque, text=feed("mediatheque-hermeland-v2.ics"))
    before = snapshot()
    report = import_agenda(mediatheque, text=feed("mediatheque-hermeland-v2.ics"))
    assert snapshot() == before
    assert (len(report.updated), len(report.cancelled), len(report.unchanged)) == (0, 0, 3)


def test_an_event_back_in_the_feed_is_published_again(mediatheque):
    import_agenda(mediatheque, text=feed("mediatheque-hermeland.ics"))
    import_agenda(mediatheque, text=feed("mediatheque-hermeland-v2.ics"))
    report = import_agenda(mediatheque, text=feed("mediatheque-hermeland.ics"))
    assert imported(BRADERIE_UID).status == Event.Status.PUBLISHED
    assert imported(BRADERIE_UID).status_reason == ""
    assert imported(CLUB_UID).status == Event.Status.PUBLISHED
    assert imported(ATELIER_UID).local_start.hour == 10
    assert len(report.updated) == 3


def test_a_feed_does_not_overrule_a_referent_who_refused_an_event(mediatheque):
    import_agenda(mediatheque, text=feed("mediatheque-hermeland.ics"))
    Event.objects.filter(external_uid=CONTE_UID).update(
        status=Event.Status.REFUSED, status_reason="Réservé aux inscrits de la médiathèque."
    )
    report = import_agenda(mediatheque, text=feed("mediatheque-hermeland.ics"))
    assert imported(CONTE_UID).status == Event.Status.REFUSED
    assert "« L'heure du conte » (mercredi 2 décembre 2026)" in report.unchanged


def test_events_gone_from_a_feed_are_cancelled_only_for_that_agenda(mediatheque):
    other = ExternalAgenda.objects.create(name="Autre agenda", url="https://exemple.fr/agenda.ics")
    import_agenda(mediatheque, text=feed("mediatheque-hermeland.ics"))
    report = import_agenda(
        other, text=feed("cafe-des-aidants-google.ics"), default_themes=Theme.objects.all()
    )
    assert report.cancelled == []
    assert Event.objects.filter(external_agenda=mediatheque, status=Event.Status.PUBLISHED).count() == 4


def test_an_empty_or_unreadable_feed_cancels_nothing(mediatheque):
    import_agenda(mediatheque, text=feed("mediatheque-hermeland.ics"))
    empty = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//FR\r\nEND:VCALENDAR\r\n"
    assert import_agenda(mediatheque, text=empty).cancelled == []
    report = import_agenda(mediatheque, text="<html><body>Page introuvable</body></html>")
    assert report.error.startswith("ce n'est pas un agenda au format iCalendar")
    assert report.summary().startswith("Import impossible : ce n'est pas un agenda au format iCalendar")
    assert Event.objects.filter(status=Event.Status.PUBLISHED).count() == 4


# A broken feed ------------------------------------------------------------------------------------


def test_it_keeps_the_valid_entries_of_a_broken_feed_and_says_why_it_left_out_the_others():
    report = import_calendar(feed("associations-estuaire-casse.ics"))
    assert sorted(Event.objects.values_list("title", flat=True)) == [
        "Bourse aux jouets",
        "Marche nordique douce",
        "Permanence emploi : aide aux candidatures",
        "Vestiaire solidaire",
    ]
    assert dict(report.skipped) == {
        "« Atelier CV (date à venir) »": "la date de début (DTSTART) manque",
        "« Réunion d'information bénévoles »": "la fin est avant le début",
        "« Festival des solidarités (Rennes) »": "le lieu (coordonnées GEO) est hors de Loire-Atlantique",
        "« Goûter partagé »": "la date de début (DTSTART) n'est pas lisible",
        "« Permanence sans identifiant »": (
            "pas d'identifiant (UID) : impossible de le suivre d'un import à l'autre"
        ),
        "« Soirée jeux de société »": "commune introuvable : le lieu ne nomme aucune commune de "
        "Loire-Atlantique et l'agenda n'a pas de commune par défaut",
    }
    assert report.summary() == "4 événements créés, 0 mis à jour, 0 inchangé, 0 annulé, 6 non importés."


def test_it_reads_the_commune_in_the_place_and_floating_times_as_paris_time():
    import_calendar(feed("associations-estuaire-casse.ics"))
    permanence = Event.objects.get(title__startswith="Permanence emploi")
    assert permanence.local_start == datetime(2026, 12, 8, 9, 30, tzinfo=PARIS)  # no time zone: Paris
    assert permanence.commune.name == "Saint-Nazaire"  # "…, 44600 Saint-Nazaire"
    assert permanence.address == "2 avenue de la République, 44600 Saint-Nazaire"
    assert permanence.organiser_name == "Association Coup de pouce emploi"
    assert slugs(permanence) == {"emploi"}
    bourse = Event.objects.get(title="Bourse aux jouets")
    assert bourse.commune.name == "La Baule-Escoublac"  # "…, La Baule"
    assert bourse.all_day and bourse.local_start == datetime(2026, 12, 13, tzinfo=PARIS)
    marche = Event.objects.get(title="Marche nordique douce")
    assert marche.commune.name == "Saint-Nazaire"  # from its GEO point
    assert slugs(marche) == {"loisirs-culture-sport", "sante-bien-etre"}  # "Sport", "Santé"
    # No organiser in the entry, no agenda: the feed's own name.
    assert marche.organiser_name == "Agenda des associations — Saint-Nazaire et alentours"


def test_a_rule_it_cannot_keep_is_reported_and_the_event_imported_for_its_first_date():
    report = import_calendar(feed("associations-estuaire-casse.ics"))
    vestiaire = Event.objects.get(title="Vestiaire solidaire")
    assert vestiaire.recurrence == ""
    assert local_starts(vestiaire) == [datetime(2026, 12, 2, 14, tzinfo=PARIS)]
    assert report.notes == [
        (
            "« Vestiaire solidaire » (mercredi 2 décembre 2026)",
            "répétition non reprise (La date de début doit être la première date de la répétition "
            "(par exemple un mardi pour « tous les mardis »).) : seule la première date est gardée",
        )
    ]


# A feed exported by Google Agenda, in UTC -----------------------------------------------------------


def test_the_command_imports_a_utc_feed_in_paris_time_and_prints_a_french_summary():
    out = io.StringIO()
    call_command(
        "import_ical",
        str(FEEDS / "cafe-des-aidants-google.ics"),
        "--theme",
        "sante-bien-etre",
        "--theme",
        "solidarite",
        stdout=out,
    )
    # March's date, cancelled on its own, is shown "annulé" on its day: 1 annulé.
    assert out.getvalue().startswith("4 événements créés, 0 mis à jour, 0 inchangé, 1 annulé, 0 non importé.")
    cafe = imported(GOOGLE_UID)
    assert cafe.local_start == datetime(2026, 12, 3, 14, 30, tzinfo=PARIS)  # 13:30 UTC
    assert cafe.recurrence == "FREQ=MONTHLY;BYDAY=1TH;UNTIL=20270701T133000Z"
    # January's date is cancelled (EXDATE), February's moved and March's cancelled (RECURRENCE-ID):
    # all three are exceptions of the rule here.
    assert cafe.exception_dates == [date(2027, 1, 7), date(2027, 2, 4), date(2027, 3, 4)]
    assert [start.date() for start in local_starts(cafe)] == [
        date(2026, 12, 3),
        date(2027, 4, 1),
        date(2027, 5, 6),
        date(2027, 6, 3),
        date(2027, 7, 1),
    ]
    assert {start.time().isoformat() for start in local_starts(cafe)} == {"14:30:00"}
    assert cafe.commune.name == "Rezé"
    assert slugs(cafe) == {"sante-bien-etre", "solidarite"}
    assert cafe.organiser_name == "Café des aidants — Rezé"

    moved = imported(f"{GOOGLE_UID}/20270204T133000Z")
    assert moved.title == "Café des aidants (horaire décalé)"
    assert moved.local_start == datetime(2027, 2, 4, 15, 30, tzinfo=PARIS)
    picnic = Event.objects.get(title="Pique-nique des aidants")
    assert picnic.local_start == datetime(2027, 6, 3, 14, tzinfo=PARIS)  # 12:00 UTC in summer time
    assert Event.objects.get(title="Yoga doux sur chaise").local_start.hour == 10


def test_the_command_run_twice_changes_nothing():
    path = str(FEEDS / "cafe-des-aidants-google.ics")
    call_command("import_ical", path, "--theme", "solidarite", stdout=io.StringIO())
    before = snapshot()
    out = io.StringIO()
    call_command("import_ical", path, "--theme", "solidarite", stdout=out)
    assert out.getvalue().startswith("0 événement créé, 0 mis à jour, 5 inchangés, 0 annulé, 0 non importé.")
    assert snapshot() == before


def test_the_command_uses_an_agendas_defaults_and_keeps_the_report_on_it(mediatheque):
    out = io.StringIO()
    call_command(
        "import_ical", str(FEEDS / "mediatheque-hermeland.ics"), "--agenda", str(mediatheque.pk), stdout=out
    )
    mediatheque.refresh_from_db()
    assert mediatheque.last_report == out.getvalue().strip()
    assert imported(ATELIER_UID).external_agenda == mediatheque
    assert slugs(imported(ATELIER_UID)) == {"loisirs-culture-sport"}


def test_the_command_says_what_is_wrong_in_french():
    path = str(FEEDS / "mediatheque-hermeland.ics")
    with pytest.raises(CommandError, match="Thème inconnu : cuisine"):
        call_command("import_ical", path, "--theme", "cuisine")
    with pytest.raises(CommandError, match="Aucune commune de Loire-Atlantique n'a le code INSEE 35238"):
        call_command("import_ical", path, "--commune", "35238")
    with pytest.raises(CommandError, match=r"Le fichier « nulle-part\.ics » n'existe pas"):
        call_command("import_ical", "nulle-part.ics")
    with pytest.raises(CommandError, match="Aucun agenda externe n'a le numéro 999"):
        call_command("import_ical", path, "--agenda", "999")


def test_the_command_with_a_default_commune_still_takes_the_commune_the_place_names():
    call_command(
        "import_ical",
        str(FEEDS / "mediatheque-hermeland.ics"),
        "--commune",
        "44109",
        "--theme",
        "solidarite",
        stdout=io.StringIO(),
    )
    assert imported(ATELIER_UID).commune.name == "Saint-Herblain"  # "Médiathèque Hermeland, Saint-Herblain"
    assert imported(CONTE_UID).commune.name == "Saint-Herblain"  # its GEO point comes first


def test_a_moved_date_cancelled_later_is_cancelled_here_too():
    google = feed("cafe-des-aidants-google.ics")
    import_calendar(google, default_themes=Theme.objects.filter(slug="solidarite"))
    moved_uid = f"{GOOGLE_UID}/20270204T133000Z"
    assert imported(moved_uid).status == Event.Status.PUBLISHED
    changed = google.replace(
        "STATUS:CONFIRMED\nSUMMARY:Café des aidants (horaire décalé)",
        "STATUS:CANCELLED\nSUMMARY:Café des aidants (horaire décalé)",
    )
    assert changed != google
    report = import_calendar(changed, default_themes=Theme.objects.filter(slug="solidarite"))
    assert imported(moved_uid).status == Event.Status.CANCELLED
    assert imported(moved_uid).status_reason == CANCELLED_REASON
    assert report.cancelled == [
        "« Café des aidants (horaire décalé) » (jeudi 4 février 2027) : annulé dans l'agenda d'origine"
    ]
    assert report.skipped == []


def test_people_who_joined_an_event_are_told_when_it_is_cancelled_or_moved_at_its_source(
    mediatheque, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    from events.services import participation_join

    import_agenda(mediatheque, text=feed("mediatheque-hermeland.ics"))
    participation_join(occurrence=imported(BRADERIE_UID).occurrences.get(), user=member)
    participation_join(occurrence=imported(ATELIER_UID).occurrences.get(), user=other_member)
    with django_capture_on_commit_callbacks(execute=True):
        import_agenda(mediatheque, text=feed("mediatheque-hermeland-v2.ics"))
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects[member.email].endswith("Annulé : Grande braderie de livres")  # gone from the feed
    assert "Atelier numérique" in subjects[other_member.email]  # its new time
    assert imported(ATELIER_UID).occurrences.get().participations.filter(user=other_member).exists()
