"""Members propose events: the form, its French messages, pictures, "mes propositions", changing
and withdrawing a proposal; and the services that publish, refuse or cancel, with their e-mails."""

import html
import io
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from events.models import Event
from events.services import event_cancel, event_publish, event_refuse
from tests.conftest import NANTES_METROPOLE
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # Thursday 26 November 2026
PROPOSE = "/agenda/proposer/"
MINE = "/agenda/mes-propositions/"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def text(response):
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def title(response):
    return html.unescape(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip())


def field_errors(response, name):
    content = html.unescape(response.content.decode())
    found = re.search(rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', content, re.S)
    if not found:
        return ""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).replace("Erreur :", "").strip()


def proposal(**changes):
    """What a member types for a Tuesday afternoon café-emploi in Rezé."""
    data = {
        "title": "Café-emploi",
        "summary": "On relit son CV ensemble, autour d'un café.",
        "themes": ["emploi"],
        "description": "On relit les **CV** ensemble.",
        "start_date": "2026-12-08",
        "start_time": "14:00",
        "end_time": "16:30",
        "end_date": "",
        "repeat": "",
        "place_name": "Maison de quartier",
        "address": "12 rue du Bêle",
        "commune_name": "Rezé",
        "step_free": "on",
        "quiet_place": "on",
        "organiser_name": "Association Entraide",
        "capacity": "12",
        "picture_alt": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def jpeg(width=300, height=200, *, orientation=None, colour="red", quality=90):
    image = Image.new("RGB", (width, height), colour)
    exif = Image.Exif()
    exif[0x010F] = "Appareil de Test"  # Make
    exif[0x8825] = {2: (47.0, 12.0, 0.0)}  # GPS latitude: where the photo was taken
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=quality)
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def upload(fmt, size=(50, 50), name="image"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


# Who may propose -----------------------------------------------------------------------------


def test_visitors_are_asked_to_sign_in(client):
    response = client.get(PROPOSE)
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/?next=/agenda/proposer/")


def test_a_member_whose_address_is_not_verified_is_asked_to_verify_it(client, member):
    EmailAddress.objects.filter(user=member).update(verified=False)
    client.force_login(member)
    response = client.post(PROPOSE, proposal())
    assert "Adresse e-mail à confirmer" in text(response)
    assert not Event.objects.exists()


def test_the_form_has_french_labels_and_groups(client, member):
    client.force_login(member)
    response = client.get(PROPOSE)
    assert response.status_code == 200
    assert title(response) == "Proposer une rencontre — Tous voisins 44"
    content = html.unescape(response.content.decode())
    for name, label in [
        ("title", "Titre de la rencontre"),
        ("start_date", "Date"),
        ("start_time", "Heure de début"),
        ("end_time", "Heure de fin"),
        ("commune_name", "Commune"),
        ("organiser_name", "Organisé par"),
        ("picture", "Image"),
    ]:
        assert re.search(rf'<label for="id_{name}">{label}', content), name
    for legend in ("Thèmes", "Quand ?", "Où ?", "Accessibilité", "La rencontre a lieu"):
        assert f"<legend>{legend}" in content
    assert 'type="date" name="start_date"' in content
    assert 'type="time" name="start_time"' in content
    assert '<option value="Rezé">' in content
    assert 'enctype="multipart/form-data"' in content


# Proposing -------------------------------------------------------------------------------------


def test_a_member_proposes_an_event_that_stays_hidden_until_reviewed(client, member, other_member):
    client.force_login(member)
    response = client.post(PROPOSE, proposal())
    assert response.status_code == 302
    assert response["Location"] == MINE
    event = Event.objects.get()
    assert event.status == Event.Status.PROPOSED
    assert event.proposed_by == member
    assert event.start == datetime(2026, 12, 8, 14, tzinfo=PARIS)
    assert event.end == datetime(2026, 12, 8, 16, 30, tzinfo=PARIS)
    assert event.commune.name == "Rezé"
    assert event.intercommunalite.siren == NANTES_METROPOLE
    assert event.point == event.commune.centre
    assert event.step_free and event.quiet_place and not event.hearing_loop
    assert event.capacity == 12
    assert [theme.slug for theme in event.themes.all()] == ["emploi"]
    assert event.occurrences.count() == 1

    page = text(client.get(MINE))
    assert "Merci ! « Café-emploi » est envoyée." in page
    assert "Café-emploi Mardi 8 décembre 2026, de 14 h à 16 h 30 — Maison de quartier, Rezé" in page
    assert "En attente de relecture." in page
    assert "Café-emploi" not in text(client.get("/agenda/"))
    client.force_login(other_member)
    assert client.get(event.get_absolute_url()).status_code == 404


def test_the_referents_who_cover_it_are_told(
    client, member, nantes_referent, thematic_referent, cap_referent, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROPOSE, proposal())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([nantes_referent.email, thematic_referent.email])
    assert message.subject == "[Tous voisins 44] Une rencontre à relire : Café-emploi"
    assert "http://127.0.0.1:8000/admin/events/proposedevent/" in message.body


def test_a_postal_code_finds_the_commune(client, member):
    client.force_login(member)
    client.post(PROPOSE, proposal(commune_name="44400"))
    assert Event.objects.get().commune.name == "Rezé"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Paris", "Nous ne trouvons pas « Paris » parmi les communes de Loire-Atlantique."),
        (
            "44190",
            "Plusieurs communes correspondent (Boussay, Clisson, Gétigné, Gorges, Saint-Hilaire-de-Clisson…)",
        ),
        ("", "Indiquez la commune, ou son code postal."),
    ],
)
def test_an_unknown_or_ambiguous_commune_gets_a_clear_message(client, member, typed, message):
    client.force_login(member)
    response = client.post(PROPOSE, proposal(commune_name=typed))
    assert response.status_code == 200
    assert message in field_errors(response, "commune_name")
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_time": "13:00"}, "end_time", "L'heure de fin doit venir après l'heure de début."),
        (
            {"start_date": "2026-11-20"},
            "start_date",
            "Cette date est déjà passée. Choisissez une date à venir.",
        ),
        ({"start_date": "32/12/2026"}, "start_date", "Écrivez la date sous la forme jj/mm/aaaa"),
        ({"start_time": "quatorze"}, "start_time", "Écrivez l'heure sous la forme hh:mm, par exemple 14:30."),
        ({"start_time": ""}, "start_time", "Indiquez l'heure de début, ou cochez « Toute la journée »."),
        (
            {"end_date": "2026-12-07"},
            "end_date",
            "Le dernier jour doit être le jour de la rencontre ou après.",
        ),
        ({"end_date": "2027-02-01"}, "end_date", "Une rencontre dure au plus 31 jours."),
        ({"themes": []}, "themes", "Choisissez au moins un thème."),
        ({"title": ""}, "title", "Donnez un titre à la rencontre."),
        ({"capacity": "0"}, "capacity", "Écrivez au moins 1 place, ou laissez vide."),
        ({"repeat": "chaque-jour"}, "repeat", "Choisissez une façon de répéter la rencontre dans la liste."),
        # Once a server error: the day after 31 December 9999 does not exist.
        (
            {"start_date": "31/12/9999", "end_date": "31/12/9999", "all_day": "on"},
            "start_date",
            "Cette date est trop loin. Choisissez une date entre 2000 et 2099.",
        ),
    ],
)
def test_mistakes_get_a_french_message_beside_the_field(client, member, changes, field, message):
    client.force_login(member)
    response = client.post(PROPOSE, proposal(**changes))
    assert response.status_code == 200
    assert message in field_errors(response, field)
    content = response.content.decode()
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error', content)
    assert "Votre proposition n'est pas encore envoyée." in text(response)
    assert title(response) == "Erreur — Proposer une rencontre — Tous voisins 44"
    assert not Event.objects.exists()


def test_nothing_typed_is_lost_on_an_error(client, member):
    client.force_login(member)
    response = client.post(PROPOSE, proposal(end_time="12:00", weekdays=["TU"], repeat="weekly"))
    content = html.unescape(response.content.decode())
    assert 'name="title" value="Café-emploi"' in content
    assert "On relit les **CV** ensemble.</textarea>" in content
    assert 'name="start_date" value="2026-12-08"' in content
    assert 'name="start_time" value="14:00"' in content
    assert 'name="commune_name" value="Rezé"' in content
    assert 'name="address" value="12 rue du Bêle"' in content
    assert re.search(r'name="themes" value="emploi"[^>]*checked', content)
    assert re.search(r'name="step_free"[^>]*checked', content)
    assert re.search(r'name="weekdays" value="TU"[^>]*checked', content)
    assert re.search(r'name="repeat" value="weekly"[^>]*checked', content)
    assert 'name="capacity" value="12"' in content


def test_an_all_day_event_over_two_days(client, member):
    client.force_login(member)
    client.post(
        PROPOSE,
        proposal(all_day="on", start_time="", end_time="", start_date="12/12/2026", end_date="13/12/2026"),
    )
    event = Event.objects.get()
    assert event.all_day
    assert event.start == datetime(2026, 12, 12, tzinfo=PARIS)
    assert event.end == datetime(2026, 12, 14, tzinfo=PARIS)
    assert event.when_in_words == "du samedi 12 au dimanche 13 décembre 2026"


# Repeating -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "rule", "first_dates"),
    [
        ({"repeat": "weekly"}, "FREQ=WEEKLY;BYDAY=TU", [date(2026, 12, 8), date(2026, 12, 15)]),
        (
            {"repeat": "weekly", "weekdays": ["TU", "TH"], "repeat_count": "3"},
            "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3",
            [date(2026, 12, 8), date(2026, 12, 10), date(2026, 12, 15)],
        ),
        (
            {"repeat": "monthly", "start_date": "2026-12-05"},
            "FREQ=MONTHLY;BYDAY=1SA",
            [date(2026, 12, 5), date(2027, 1, 2), date(2027, 2, 6)],
        ),
        (
            {"repeat": "monthly", "start_date": "2026-12-26", "month_rank": "-1", "month_weekday": "SA"},
            "FREQ=MONTHLY;BYDAY=-1SA",
            [date(2026, 12, 26), date(2027, 1, 30), date(2027, 2, 27)],
        ),
        (
            {"repeat": "weekly", "repeat_until": "2026-12-22"},
            "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261222T225959Z",
            [date(2026, 12, 8), date(2026, 12, 15), date(2026, 12, 22)],
        ),
    ],
)
def test_simple_choices_become_a_repetition_rule(client, member, changes, rule, first_dates):
    client.force_login(member)
    response = client.post(PROPOSE, proposal(**changes))
    assert response.status_code == 302, field_errors(response, "repeat")
    assert response["Location"] == MINE
    event = Event.objects.get()
    assert event.recurrence == rule
    starts = [o.start.astimezone(PARIS).date() for o in event.occurrences.order_by("start")]
    assert starts[: len(first_dates)] == first_dates
    if "UNTIL" in rule or "COUNT" in rule:
        assert starts == first_dates


def test_a_start_date_that_is_not_one_of_the_days_chosen_gets_the_right_date_suggested(client, member):
    client.force_login(member)
    response = client.post(PROPOSE, proposal(repeat="weekly", weekdays=["FR"]))
    assert field_errors(response, "start_date") == (
        "Avec cette répétition, la première rencontre serait le vendredi 11 décembre 2026. "
        "Mettez cette date, ou changez les jours choisis."
    )


def test_an_end_date_and_a_number_of_times_cannot_go_together(client, member):
    client.force_login(member)
    response = client.post(PROPOSE, proposal(repeat="weekly", repeat_until="2027-01-31", repeat_count="4"))
    assert "Indiquez soit une date de fin, soit un nombre de fois, mais pas les deux." in field_errors(
        response, "repeat_count"
    )
    response = client.post(PROPOSE, proposal(repeat="weekly", repeat_until="2026-12-01"))
    assert "Ce jour est avant la date de la rencontre." in field_errors(response, "repeat_until")


# Pictures --------------------------------------------------------------------------------------


def test_a_picture_is_re_encoded_turned_and_stripped_of_its_metadata(client, member):
    client.force_login(member)
    picture = jpeg(3200, 2000, orientation=6)  # a phone held upright: to be turned a quarter
    response = client.post(PROPOSE, proposal(picture=picture, picture_alt="Des mains qui tricotent"))
    assert response.status_code == 302, text(response)
    assert response["Location"] == MINE
    event = Event.objects.get()
    with event.picture.open() as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.size == (1000, 1600)
        assert not image.getexif()
    with event.thumbnail.open() as stored, Image.open(stored) as image:
        assert image.size == (250, 400)
    assert event.picture.name.endswith(".jpg") and event.thumbnail.name.endswith(".jpg")
    assert event.picture_alt == "Des mains qui tricotent"


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (lambda: upload("GIF", name="anim.gif"), "Ce type d'image n'est pas accepté."),
        (
            lambda: SimpleUploadedFile("cv.pdf", b"%PDF-1.4 pas une image"),
            "Nous n'arrivons pas à lire ce fichier",
        ),
        (lambda: upload("PNG", size=(8000, 6000)), "Cette image est trop grande (8000 × 6000 pixels)."),
        (
            lambda: SimpleUploadedFile("lourde.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 10)),
            "Cette image pèse 5,0 Mo. Envoyez une image de 5 Mo au plus.",
        ),
    ],
)
def test_a_wrong_picture_gets_a_french_message(client, member, make_file, message):
    client.force_login(member)
    response = client.post(PROPOSE, proposal(picture=make_file(), picture_alt="Une image"))
    assert message in field_errors(response, "picture")
    assert not Event.objects.exists()


def test_a_picture_needs_its_description_and_is_kept_while_the_form_is_corrected(client, member):
    client.force_login(member)
    response = client.post(PROPOSE, proposal(picture=jpeg(800, 600), picture_alt=""))
    assert "Décrivez l'image en une phrase" in field_errors(response, "picture_alt")
    assert "Votre image est gardée : inutile de la choisir de nouveau." in text(response)
    token = re.search(r'name="kept_picture" value="([^"]+)"', response.content.decode()).group(1)

    response = client.post(PROPOSE, proposal(kept_picture=token, picture_alt="Un carré rouge"))
    assert response.status_code == 302, text(response)
    assert response["Location"] == MINE
    event = Event.objects.get()
    with event.picture.open() as stored, Image.open(stored) as image:
        assert image.size == (800, 600)
    assert event.picture.name.startswith("evenements/2026/11/cafe-emploi")


def test_a_kept_picture_is_only_for_the_member_who_chose_it(client, member, other_member):
    client.force_login(member)
    response = client.post(PROPOSE, proposal(picture=jpeg(), picture_alt=""))
    token = re.search(r'name="kept_picture" value="([^"]+)"', response.content.decode()).group(1)
    client.force_login(other_member)
    client.post(PROPOSE, proposal(kept_picture=token, picture_alt="Volée"))
    assert not Event.objects.get().picture
    client.force_login(member)
    client.post(PROPOSE, proposal(title="Autre", kept_picture="faux:jeton", picture_alt="Rien"))
    assert not Event.objects.get(title="Autre").picture


def test_abandoned_kept_pictures_are_deleted_after_a_day(client, member):
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    call_command("clean_pending_pictures", stdout=io.StringIO())  # what other tests left
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        call_command("clean_pending_pictures", stdout=io.StringIO())
    client.force_login(member)
    client.post(PROPOSE, proposal(picture=jpeg(), picture_alt=""))
    assert len(default_storage.listdir("evenements/en-attente")[1]) == 2
    out = io.StringIO()
    call_command("clean_pending_pictures", stdout=out)
    assert out.getvalue().strip() == "0 image(s) en attente effacée(s)."
    with time_machine.travel(NOW + timedelta(days=1, minutes=1), tick=False):
        call_command("clean_pending_pictures", stdout=out)
    assert "2 image(s) en attente effacée(s)." in out.getvalue()
    assert default_storage.listdir("evenements/en-attente")[1] == []


def test_png_and_webp_are_accepted(client, member):
    client.force_login(member)
    for number, fmt in enumerate(("PNG", "WEBP")):
        client.post(
            PROPOSE, proposal(title=f"Rencontre {number}", picture=upload(fmt), picture_alt="Du bleu")
        )
    assert Event.objects.exclude(picture="").count() == 2


# Mes propositions, changing and withdrawing ---------------------------------------------------


def test_my_proposals_show_each_status_and_the_reason_of_a_refusal(client, member, django_assert_num_queries):
    EventFactory(title="En attente", status=Event.Status.PROPOSED, proposed_by=member)
    EventFactory(title="Publiée", proposed_by=member)
    EventFactory(
        title="Refusée",
        status=Event.Status.REFUSED,
        status_reason="Ce n'est pas gratuit.",
        proposed_by=member,
    )
    EventFactory(title="D'une autre", status=Event.Status.PROPOSED)
    client.force_login(member)
    # 1. session, 2. user, 3. count of the member's events, 4. the member's current suspension
    # (the layout's banner), 5. the page of events with their commune, 6. the unread messages
    # (the layout's "Mes messages")
    with django_assert_num_queries(6):
        response = client.get(MINE)
    page = text(response)
    assert "En attente Jeudi 3 décembre 2026" in page
    assert "En attente de relecture. Un référent va la relire bientôt." in page
    assert "Publiée : tout le monde la voit dans l'agenda." in page
    assert "Non publiée. Motif donné par le référent : « Ce n'est pas gratuit. »" in page
    assert "D'une autre" not in page
    assert title(response) == "Mes propositions — Tous voisins 44"


def test_my_proposals_need_signing_in(client):
    response = client.get(MINE)
    assert (response.status_code, response["Location"]) == (302, f"/comptes/login/?next={MINE}")


def test_a_pending_proposal_can_be_changed_with_its_values_shown(client, member):
    client.force_login(member)
    client.post(PROPOSE, proposal(repeat="weekly", weekdays=["TU"]))
    event = Event.objects.get()
    url = f"/agenda/mes-propositions/{event.pk}/modifier/"
    content = html.unescape(client.get(url).content.decode())
    assert 'name="start_date" value="2026-12-08"' in content
    assert 'name="end_time" value="16:30"' in content
    assert 'name="commune_name" value="Rezé"' in content
    assert re.search(r'name="repeat" value="weekly"[^>]*checked', content)
    assert re.search(r'name="weekdays" value="TU"[^>]*checked', content)

    response = client.post(
        url,
        proposal(
            title="Café-emploi du mardi",
            start_time="15:00",
            end_time="17:00",
            repeat="weekly",
            commune_name="Saint-Nazaire",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == MINE
    event.refresh_from_db()
    assert event.title == "Café-emploi du mardi"
    assert event.status == Event.Status.PROPOSED
    assert event.commune.name == "Saint-Nazaire"
    assert event.point == event.commune.centre
    assert {o.start.astimezone(PARIS).hour for o in event.occurrences.all()} == {15}
    assert "Vos changements de « Café-emploi du mardi » sont enregistrés." in text(client.get(MINE))


def test_a_reviewed_proposal_cannot_be_changed_or_withdrawn_any_more(client, member):
    event = EventFactory(title="Publiée", proposed_by=member)
    client.force_login(member)
    for action in ("modifier", "retirer"):
        response = client.post(f"/agenda/mes-propositions/{event.pk}/{action}/", proposal(title="Autre"))
        assert response.status_code == 302
        assert response["Location"] == MINE
    event.refresh_from_db()
    assert event.title == "Publiée"
    assert "a déjà été relue par un référent" in text(client.get(MINE))


def test_someone_elses_proposal_is_not_found(client, member, other_member):
    event = EventFactory(status=Event.Status.PROPOSED, proposed_by=other_member)
    client.force_login(member)
    for action in ("modifier", "retirer"):
        assert client.get(f"/agenda/mes-propositions/{event.pk}/{action}/").status_code == 404
        assert client.post(f"/agenda/mes-propositions/{event.pk}/{action}/").status_code == 404
    assert Event.objects.filter(pk=event.pk).exists()


def test_withdrawing_asks_first_then_deletes_the_proposal(client, member, django_capture_on_commit_callbacks):
    client.force_login(member)
    client.post(PROPOSE, proposal(picture=upload("PNG"), picture_alt="Du bleu"))
    event = Event.objects.get()
    storage, names = event.picture.storage, [event.picture.name, event.thumbnail.name]
    url = f"/agenda/mes-propositions/{event.pk}/retirer/"
    response = client.get(url)
    assert "Voulez-vous vraiment retirer « Café-emploi »" in text(response)
    assert Event.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == MINE
    assert not Event.objects.exists()
    assert "Votre proposition « Café-emploi » est retirée." in text(client.get(MINE))
    assert not any(storage.exists(name) for name in names)


def test_proposing_is_rate_limited(client, member):
    client.force_login(member)
    for number in range(10):
        client.post(PROPOSE, proposal(title=f"Rencontre {number}"))
    response = client.post(PROPOSE, proposal(title="Une de trop"))
    assert response.status_code == 200
    assert "Vous avez envoyé beaucoup de propositions en peu de temps." in text(response)
    assert 'name="title" value="Une de trop"' in response.content.decode()
    assert Event.objects.count() == 10


# Services: publish, refuse, cancel ----------------------------------------------------------------


def test_publishing_tells_the_proposer(member, django_capture_on_commit_callbacks):
    event = EventFactory(title="Repair café", status=Event.Status.PROPOSED, proposed_by=member)
    with django_capture_on_commit_callbacks(execute=True):
        assert event_publish(event=event) is True
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert message.subject == "[Tous voisins 44] Votre rencontre est publiée : Repair café"
    assert f"http://127.0.0.1:8000{event.get_absolute_url()}" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        assert event_publish(event=event) is False
    assert len(mail.outbox) == 1


def test_refusing_needs_a_reason_and_sends_it(member, django_capture_on_commit_callbacks):
    event = EventFactory(title="Vide-grenier", status=Event.Status.PROPOSED, proposed_by=member)
    with pytest.raises(ValidationError) as error:
        event_refuse(event=event, reason="  ")
    assert error.value.message_dict == {
        "status_reason": ["Expliquez en une phrase pourquoi, pour les personnes concernées."]
    }
    with django_capture_on_commit_callbacks(execute=True):
        event_refuse(
            event=event, reason="Les stands sont payants : l'agenda ne garde que les rencontres gratuites."
        )
    event.refresh_from_db()
    assert event.status == Event.Status.REFUSED
    assert "Les stands sont payants" in mail.outbox[0].body
    assert mail.outbox[0].subject == "[Tous voisins 44] Votre rencontre n'est pas publiée : Vide-grenier"


def test_cancelling_keeps_the_event_visible_with_its_reason(
    client, member, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Balade", proposed_by=member)
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=event, reason="Alerte météo.")
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert "Cet événement est annulé. Alerte météo." in text(client.get(event.get_absolute_url()))
    assert mail.outbox[0].subject == "[Tous voisins 44] Rencontre annulée : Balade"


def test_an_event_without_a_proposer_sends_nothing(django_capture_on_commit_callbacks):
    event = EventFactory(status=Event.Status.PROPOSED)
    with django_capture_on_commit_callbacks(execute=True):
        event_publish(event=event)
    assert not mail.outbox
