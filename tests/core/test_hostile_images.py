"""Every field that takes a picture, sent the hostile corpus of tests/core/hostile_images.py over
HTTP: never a 500; a refused file is told in French beside the field and nothing is stored; a
picture carrying a payload is stored as a JPEG we made, with no metadata (EXIF, comment, XMP, ICC)
and nothing after its end (tousvoisins.images, the one checking path)."""

import html
import re
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from events.models import Event
from referents.models import Referent
from tests.conftest import make_user
from tests.core import hostile_images
from tests.events.test_admin import form_data as admin_form_data
from tests.factories import EventFactory
from tests.factories.news import NewsItemFactory
from tests.factories.referents import ReferentFactory
from tests.profiles.test_pages import profile_data

pytestmark = pytest.mark.django_db


def stored_files(folder=""):
    """Every file in the storage (the tests' in-memory one), by name."""
    folders, files = default_storage.listdir(folder)
    names = {f"{folder}{name}" for name in files}
    for child in folders:
        names |= stored_files(f"{folder}{child}/")
    return names


def _text(response):
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


class ProfilePhoto:
    def __init__(self, client):
        self.client = client
        client.force_login(make_user("alice"))

    def send(self, upload):
        return self.client.post("/mon-profil/", profile_data(photo=upload))


class ProposalPicture:
    def __init__(self, client):
        self.client = client
        client.force_login(make_user("alice"))

    def send(self, upload):
        day = timezone.localdate() + timedelta(days=10)
        data = {
            "title": "Café-emploi",
            "summary": "On relit les CV ensemble.",
            "themes": ["emploi"],
            "description": "On relit les CV ensemble.",
            "start_date": day.isoformat(),
            "start_time": "14:00",
            "end_time": "16:30",
            "place_name": "Maison de quartier",
            "address": "12 rue du Bêle",
            "commune_name": "Rezé",
            "organiser_name": "Association Entraide",
            "picture_alt": "Des personnes autour d'une table",
            "picture": upload,
        }
        return self.client.post("/agenda/proposer/", data)


class AdminUpload:
    """An admin change page sent back as the browser shows it, with a file in one field."""

    field = "picture"
    extra = {"picture_alt": "Des personnes autour d'une table"}

    def __init__(self, client, url, user):
        self.client, self.url = client, url
        client.force_login(user)

    def send(self, upload):
        data = admin_form_data(self.client.get(self.url))
        data.update(self.extra, **{self.field: upload})
        return self.client.post(self.url, data)


def event_admin(client):
    event = EventFactory(status=Event.Status.PUBLISHED)
    return AdminUpload(
        client, f"/admin/events/event/{event.pk}/change/", make_user("modo", group="Modération")
    )


def news_admin(client):
    item = NewsItemFactory(themes=["emploi"])
    return AdminUpload(
        client, f"/admin/news/newsitem/{item.pk}/change/", make_user("modo", group="Modération")
    )


def _referent_upload(client, user_for):
    referent = ReferentFactory(public_name="Sophie", user=make_user("sophie"), themes=["emploi"])
    upload = AdminUpload(client, f"/admin/referents/referent/{referent.pk}/change/", user_for(referent))
    upload.field, upload.extra = "photo", {}
    return upload


def referent_admin(client):
    return _referent_upload(client, lambda referent: make_user("modo", group="Modération"))


def referent_own_card(client):
    return _referent_upload(client, lambda referent: referent.user)


def profile_admin(client):
    from tests.factories.profiles import profile_for

    profile = profile_for(make_user("alice"), display_name="Alice")
    upload = AdminUpload(
        client, f"/admin/profiles/profile/{profile.pk}/change/", make_user("modo", group="Modération")
    )
    upload.field, upload.extra = "photo", {}
    return upload


UPLOAD_FIELDS = {
    "profile-photo": ProfilePhoto,
    "event-proposal-picture": ProposalPicture,
    "event-admin-picture": event_admin,
    "news-admin-picture": news_admin,
    "referent-admin-photo": referent_admin,
    "referent-own-card-photo": referent_own_card,
    "profile-admin-photo": profile_admin,
}


@pytest.fixture(params=list(UPLOAD_FIELDS))
def upload_field(request, client):
    return UPLOAD_FIELDS[request.param](client)


def test_the_moderation_group_exists():
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name="Modération").exists()


@pytest.mark.parametrize("case", list(hostile_images.REFUSED))
def test_a_hostile_file_is_refused_in_french_beside_the_field_and_nothing_is_stored(upload_field, case):
    make_upload, words = hostile_images.REFUSED[case]
    before = stored_files()
    proposals = Event.objects.count()

    response = upload_field.send(make_upload())

    assert response.status_code == 200, response.status_code  # the form again, not a 500 or a redirect
    assert words in _text(response)
    assert stored_files() == before
    assert Event.objects.count() == proposals
    assert not Referent.objects.exclude(photo="").exists()


@pytest.mark.parametrize("case", list(hostile_images.NEUTRALISED))
def test_a_picture_carrying_a_payload_is_stored_as_a_bare_jpeg(upload_field, case):
    before = stored_files()

    response = upload_field.send(hostile_images.NEUTRALISED[case]())

    assert response.status_code == 302, _text(response)[-3000:]
    new = stored_files() - before
    assert new, "the picture was not stored"
    for name in new:
        assert name.endswith(".jpg")
        assert "alice" not in name.lower()
        with default_storage.open(name) as stored:
            hostile_images.assert_clean_jpeg(stored.read())
