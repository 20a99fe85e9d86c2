"""The agenda's admin, from both sides: what each referent sees and may do, what a moderator may
do, and what the people concerned receive."""

import html
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.gis.geos import Point
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from events.models import Event, Participation
from tests.conftest import CARENE
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)
EVENTS = "/admin/events/event/"
QUEUE = "/admin/events/proposedevent/"
# Communes: Rezé is in Nantes Métropole, Guérande in Cap Atlantique, Saint-Nazaire in the CARENE.
REZE, GUERANDE, SAINT_NAZAIRE = "44143", "44069", "44184"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def proposals(member):
    def propose(title, insee, *themes):
        return EventFactory(
            title=title,
            insee=insee,
            themes=list(themes),
            status=Event.Status.PROPOSED,
            proposed_by=member,
        )

    return {
        "nantes": propose("Pique-nique à Rezé", REZE, "loisirs-culture-sport"),
        "cap": propose("Balade à Guérande", GUERANDE, "loisirs-culture-sport"),
        "cap_jobs": propose("Forum de l'emploi à Guérande", GUERANDE, "emploi"),
        "carene_jobs": propose("Atelier CV à Saint-Nazaire", SAINT_NAZAIRE, "emploi"),
    }


def listed(response):
    assert response.status_code == 200
    return sorted(event.title for event in response.context["cl"].result_list)


def change_url(event, queue=False):
    return f"{QUEUE if queue else EVENTS}{event.pk}/change/"


def action(client, url, name, events, **extra):
    return client.post(url, {"action": name, "_selected_action": [event.pk for event in events], **extra})


def text(response):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


# What each one sees ---------------------------------------------------------------------------


def test_a_territory_referent_sees_the_proposals_of_their_intercommunalite(
    client, nantes_referent, proposals
):
    client.force_login(nantes_referent)
    assert listed(client.get(QUEUE)) == ["Pique-nique à Rezé"]
    assert client.get(change_url(proposals["nantes"], queue=True)).status_code == 200
    response = client.get(change_url(proposals["cap"], queue=True))
    assert response.status_code == 302  # the admin's "not found" answer: back to the index
    assert "Balade à Guérande" not in text(client.get(response["Location"], follow=True))


def test_a_thematic_referent_sees_the_proposals_of_their_theme_anywhere(client, thematic_referent, proposals):
    client.force_login(thematic_referent)
    assert listed(client.get(QUEUE)) == ["Atelier CV à Saint-Nazaire", "Forum de l'emploi à Guérande"]
    response = client.get(change_url(proposals["nantes"]))
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # as if it did not exist


def test_a_moderator_sees_everything(client, moderator, proposals):
    EventFactory(title="Déjà publiée")
    client.force_login(moderator)
    assert len(listed(client.get(QUEUE))) == 4
    assert len(listed(client.get(EVENTS))) == 5


def test_the_queue_shows_only_proposals_and_the_main_list_filters_by_status(client, moderator, proposals):
    EventFactory(title="Déjà publiée")
    client.force_login(moderator)
    assert "Déjà publiée" not in listed(client.get(QUEUE))
    assert listed(client.get(f"{EVENTS}?status__exact=published")) == ["Déjà publiée"]
    assert listed(client.get(f"{EVENTS}?q=Guérande")) == ["Balade à Guérande", "Forum de l'emploi à Guérande"]


def test_the_list_filters_by_theme_territory_and_dates(client, moderator, proposals):
    from tousvoisins.models import Intercommunalite, Theme

    EventFactory(title="Passée", insee=REZE, start=datetime(2026, 11, 20, 14, tzinfo=PARIS))
    EventFactory(title="Dans un mois", insee=REZE, start=datetime(2026, 12, 28, 14, tzinfo=PARIS))
    client.force_login(moderator)
    emploi = Theme.objects.get(slug="emploi").pk
    carene = Intercommunalite.objects.get(siren=CARENE).pk
    assert listed(client.get(f"{EVENTS}?themes__id__exact={emploi}")) == [
        "Atelier CV à Saint-Nazaire",
        "Forum de l'emploi à Guérande",
    ]
    assert listed(client.get(f"{EVENTS}?intercommunalite__id__exact={carene}")) == [
        "Atelier CV à Saint-Nazaire"
    ]
    assert listed(client.get(f"{EVENTS}?quand=passes")) == ["Passée"]
    assert "Dans un mois" not in listed(client.get(f"{EVENTS}?quand=7-jours"))
    assert len(listed(client.get(f"{EVENTS}?quand=a-venir"))) == 5
    assert listed(client.get(f"{EVENTS}?q=Rezé&quand=a-venir")) == ["Dans un mois", "Pique-nique à Rezé"]
    page = text(client.get(EVENTS))
    for label in ("Par statut", "Par thèmes", "Par intercommunalité", "Par dates"):
        assert label in page


def test_a_referent_s_bulk_refusal_reaches_only_their_scope(
    client, nantes_referent, proposals, django_capture_on_commit_callbacks
):
    client.force_login(nantes_referent)
    chosen = [proposals["nantes"], proposals["cap"]]
    with django_capture_on_commit_callbacks(execute=True):
        action(client, QUEUE, "refuse_selected", chosen, apply="Refuser et prévenir", reason="Complet.")
    statuses = dict(Event.objects.values_list("title", "status"))
    assert statuses["Pique-nique à Rezé"] == Event.Status.REFUSED
    assert statuses["Balade à Guérande"] == Event.Status.PROPOSED
    assert len(mail.outbox) == 1


def test_members_have_no_admin(client, member, proposals):
    client.force_login(member)
    response = client.get(QUEUE)
    assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={QUEUE}")


def test_the_changelist_makes_the_same_queries_whatever_the_number_of_events(
    client, nantes_referent, django_assert_num_queries
):
    for number in range(3):
        EventFactory(title=f"Rencontre {number}", insee=REZE, status=Event.Status.PROPOSED)
    client.force_login(nantes_referent)
    client.get(QUEUE)  # content types and permissions are cached after a first visit

    def count():
        # session, user, the user's and their groups' permissions, their group names, the count
        # in scope twice ("x sur y"), the page of events with commune and proposer, the thèmes and
        # intercommunalités of the filters.
        with django_assert_num_queries(10) as captured:
            client.get(QUEUE)
        return len(captured)

    first = count()
    for number in range(5):
        EventFactory(title=f"Autre {number}", insee=REZE, status=Event.Status.PROPOSED)
    assert count() == first


# What each one may do ------------------------------------------------------------------------


def test_a_nantes_referent_publishes_a_nantes_proposal_and_the_proposer_is_told(
    client, nantes_referent, member, proposals, django_capture_on_commit_callbacks
):
    from profiles.models import Profile

    Profile.objects.update_or_create(user=member, defaults={"display_name": "Alice du Château"})
    client.force_login(nantes_referent)
    with django_capture_on_commit_callbacks(execute=True):
        response = action(client, QUEUE, "publish_selected", [proposals["nantes"], proposals["cap"]])
    assert response.status_code == 302
    for event in proposals.values():
        event.refresh_from_db()
    assert proposals["nantes"].status == Event.Status.PUBLISHED
    assert proposals["cap"].status == Event.Status.PROPOSED  # out of scope: untouched
    assert [message.to for message in mail.outbox] == [[member.email]]
    assert "est publiée" in mail.outbox[0].subject
    assert mail.outbox[0].body.startswith("Bonjour Alice du Château,")  # the profile's name, not "alice"
    assert "1 événement publié." in text(client.get(response["Location"]))
    assert "Pique-nique à Rezé" in text(client.get("/agenda/"))


def test_refusing_asks_for_a_reason_then_sends_it(
    client, thematic_referent, member, proposals, django_capture_on_commit_callbacks
):
    client.force_login(thematic_referent)
    chosen = [proposals["cap_jobs"], proposals["carene_jobs"]]
    response = action(client, QUEUE, "refuse_selected", chosen)
    assert response.status_code == 200
    page = text(response)
    assert "Refuser des propositions" in page
    assert "Forum de l'emploi à Guérande" in page and "Atelier CV à Saint-Nazaire" in page

    response = action(client, QUEUE, "refuse_selected", chosen, apply="Refuser et prévenir", reason="")
    assert "Expliquez en une phrase pourquoi" in text(response)
    assert Event.objects.filter(status=Event.Status.REFUSED).count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = action(
            client,
            QUEUE,
            "refuse_selected",
            chosen,
            apply="Refuser et prévenir",
            reason="Ce n'est pas gratuit.",
        )
    assert response.status_code == 302
    assert Event.objects.filter(status=Event.Status.REFUSED).count() == 2
    assert len(mail.outbox) == 2
    assert all("Ce n'est pas gratuit." in message.body for message in mail.outbox)
    assert "2 événements refusés." in text(client.get(response["Location"]))


def test_changing_the_status_in_the_form_goes_through_the_services(
    client, nantes_referent, member, proposals, django_capture_on_commit_callbacks
):
    event = proposals["nantes"]
    client.force_login(nantes_referent)
    response = client.get(change_url(event))
    data = form_data(response)
    data.update(status="refused", status_reason="")
    response = client.post(change_url(event), data)
    assert response.status_code == 200
    assert "Expliquez en une phrase pourquoi" in text(response)

    data.update(status="refused", status_reason="Il manque le lieu exact.")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(event), data)
    assert response.status_code == 302, text(response)
    assert response["Location"] == EVENTS
    event.refresh_from_db()
    assert event.status == Event.Status.REFUSED
    assert "Il manque le lieu exact." in mail.outbox[0].body


def test_a_referent_cannot_move_an_event_out_of_their_scope(client, nantes_referent, proposals):
    event = proposals["nantes"]
    client.force_login(nantes_referent)
    data = form_data(client.get(change_url(event)))
    data.update(commune=str(event.commune.__class__.objects.get(insee=GUERANDE).pk))
    data.pop("point", None)
    response = client.post(change_url(event), data)
    assert response.status_code == 200
    assert "Pour rester dans votre périmètre de référent" in text(response)
    event.refresh_from_db()
    assert event.commune.insee == REZE


def test_a_new_commune_moves_the_point_to_its_centre(client, moderator, proposals):
    event = proposals["nantes"]
    client.force_login(moderator)
    data = form_data(client.get(change_url(event)))
    data.update(commune=str(event.commune.__class__.objects.get(insee=SAINT_NAZAIRE).pk))
    response = client.post(change_url(event), data)
    assert response.status_code == 302, text(response)
    assert response["Location"] == EVENTS
    event.refresh_from_db()
    assert event.commune.insee == SAINT_NAZAIRE
    assert event.point == event.commune.centre
    assert event.intercommunalite.siren == CARENE


def test_a_point_moved_on_the_map_gives_its_commune(client, moderator, proposals):
    event = proposals["nantes"]
    client.force_login(moderator)
    data = form_data(client.get(change_url(event)))
    data["point"] = Point(-2.2050, 47.2730, srid=4326).geojson  # the port of Saint-Nazaire
    response = client.post(change_url(event), data)
    assert response.status_code == 302, text(response)
    assert response["Location"] == EVENTS
    event.refresh_from_db()
    assert event.commune.insee == SAINT_NAZAIRE


def test_the_change_form_has_a_map_without_inline_script(client, moderator, proposals):
    client.force_login(moderator)
    content = client.get(change_url(proposals["nantes"])).content.decode()
    assert 'data-map-config="id_point-map-config"' in content
    assert "js/admin-map.js" in content
    assert not re.search(r"<script>(?!\s*</script>)", content)
    # The proposer shows by name, never by e-mail address.
    assert "alice" in content and "alice@exemple.fr" not in content


def test_a_picture_uploaded_in_the_admin_is_re_encoded(client, moderator, proposals):
    event = proposals["nantes"]
    client.force_login(moderator)
    data = form_data(client.get(change_url(event)))
    buffer = io.BytesIO()
    Image.new("RGB", (2400, 1200), "green").save(buffer, "PNG")
    data.update(picture=SimpleUploadedFile("grand.png", buffer.getvalue()), picture_alt="Un pré")
    response = client.post(change_url(event), data)
    assert response.status_code == 302, text(response)
    assert response["Location"] == EVENTS
    event.refresh_from_db()
    with event.picture.open() as stored, Image.open(stored) as image:
        assert (image.format, image.size) == ("JPEG", (1600, 800))
    assert event.thumbnail.name


def test_new_hours_set_in_the_admin_are_sent_to_the_participants(
    client, nantes_referent, member, other_member, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Chorale", insee=REZE, start=datetime(2026, 12, 8, 14, tzinfo=PARIS))
    for user in (member, other_member):
        Participation.objects.create(occurrence=event.occurrences.get(), user=user)
    client.force_login(nantes_referent)
    data = form_data(client.get(change_url(event)))
    data.update({"start_1": "18:00:00", "end_1": "20:00:00"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(event), data)
    assert response.status_code == 302, text(response)
    assert response["Location"] == EVENTS
    occurrence = event.occurrences.get()
    assert occurrence.start == datetime(2026, 12, 8, 18, tzinfo=PARIS)
    assert occurrence.participations.count() == 2  # they keep their place
    assert sorted(message.to[0] for message in mail.outbox) == [member.email, other_member.email]
    assert (
        "- Mardi 8 décembre 2026, de 14 h à 16 h : la rencontre a maintenant lieu le "
        "mardi 8 décembre 2026, de 18 h à 20 h." in mail.outbox[0].body
    )


def test_cancelling_in_the_admin_tells_the_participants_and_the_proposer(
    client, cap_referent, member, other_member, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Balade", insee=GUERANDE, proposed_by=other_member)
    Participation.objects.create(occurrence=event.occurrences.get(), user=member)
    client.force_login(cap_referent)
    with django_capture_on_commit_callbacks(execute=True):
        response = action(
            client, EVENTS, "cancel_selected", [event], apply="Annuler et prévenir", reason="Tempête annoncée"
        )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.status, event.status_reason) == (Event.Status.CANCELLED, "Tempête annoncée")
    received = {message.to[0]: message for message in mail.outbox}
    assert set(received) == {member.email, other_member.email}
    assert received[member.email].subject == "[Tous voisins 44] Annulé : Balade"
    assert "Motif : « Tempête annoncée »" in received[member.email].body
    assert "Tempête annoncée" in received[other_member.email].body
    assert "1 événement annulé." in text(client.get(response["Location"]))


def test_participants_show_by_name_only(client, moderator, member):
    from profiles.models import Profile

    Profile.objects.update_or_create(user=member, defaults={"display_name": "Alice du Château"})
    event = EventFactory(title="Chorale", insee=REZE)
    Participation.objects.create(occurrence=event.occurrences.get(), user=member)
    client.force_login(moderator)
    content = client.get("/admin/events/participation/").content.decode()
    assert "Alice du Château" in content and "Chorale" in content
    assert "alice@exemple.fr" not in content
    found = client.get("/admin/events/participation/", {"q": "Château"})
    assert [p.user for p in found.context["cl"].result_list] == [member]


def test_a_referent_sees_the_participants_of_their_scope_only(client, cap_referent, member):
    nantes = EventFactory(title="Chorale à Rezé", insee=REZE)
    cap = EventFactory(title="Chorale à Guérande", insee=GUERANDE)
    for event in (nantes, cap):
        Participation.objects.create(occurrence=event.occurrences.get(), user=member)
    client.force_login(cap_referent)
    response = client.get("/admin/events/participation/")
    assert [p.occurrence.event.title for p in response.context["cl"].result_list] == ["Chorale à Guérande"]


# The form data of an admin change page, as a browser would send it back ----------------------


def form_data(response):
    """The values of the admin form's fields as rendered (inputs, selects, textareas)."""
    assert response.status_code == 200
    content = response.content.decode()
    form = content[content.index('<form enctype="multipart/form-data"') :]
    form = form[: form.index("</form>")]
    data = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag or 'type="file"' in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if 'type="checkbox"' in tag:
            if "checked" in tag:
                data.setdefault(name.group(1), []).append(html.unescape(value.group(1)) if value else "on")
            continue
        data[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = html.unescape(selected.group(1)) if selected else ""
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = html.unescape(value.strip("\n"))
    return data
