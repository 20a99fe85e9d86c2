"""Media in an S3-compatible bucket (django-storages), against a real S3 server run locally: moto
in server mode, on a free port. Everything the site does with its pictures works there: storing
a re-encoded photo, removing it, keeping a picture while a form is corrected, cleaning those left.
"""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from events.pending_pictures import PENDING_DIR, delete_stale_pending, keep_pending, take_pending
from profiles.models import Profile
from tests import servers
from tousvoisins.images import Picture

pytestmark = pytest.mark.django_db
BUCKET = "tousvoisins-media-test"


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    with servers.s3_server(tmp_path_factory.mktemp("s3"), BUCKET) as endpoint:
        yield endpoint


@pytest.fixture
def bucket(s3_endpoint):
    """The site's media storage is the bucket (as with AWS_STORAGE_BUCKET_NAME); yields a client."""
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": s3_endpoint,
        "region_name": servers.S3_REGION,
        "access_key": servers.S3_KEY_ID,
        "secret_key": servers.S3_SECRET,
        "location": "media",
        "file_overwrite": False,
    }
    storages = {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = servers.s3_client(s3_endpoint)
    with override_settings(STORAGES=storages):
        yield client
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in listed:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


def jpeg(size=(1200, 900)):
    output = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Appareil espion"  # Make
    Image.new("RGB", size, (200, 120, 40)).save(output, "JPEG", exif=exif)
    return output.getvalue()


def profile_data(**overrides):
    return {"display_name": "Alice", "visibility": "membres", "open_to_contact": "on", **overrides}


def keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_a_profile_photo_is_stored_re_encoded_in_the_bucket_then_removed(
    bucket, client, member, django_capture_on_commit_callbacks
):
    client.force_login(member)

    response = client.post(
        "/mon-profil/", profile_data(photo=SimpleUploadedFile("moi.jpg", jpeg(), "image/jpeg"))
    )

    assert response.status_code == 302
    name = Profile.objects.get(user=member).photo.name
    assert keys(bucket) == [f"media/{name}"]
    stored = Image.open(io.BytesIO(bucket.get_object(Bucket=BUCKET, Key=f"media/{name}")["Body"].read()))
    assert stored.format == "JPEG"
    assert max(stored.size) == 400
    assert not stored.getexif()
    # The page links to the bucket (a signed link: the bucket stays private).
    page = client.get(f"/membres/{member.username}/").content.decode()
    assert f"/{BUCKET}/media/{name}?" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/mon-profil/", profile_data(**{"photo-clear": "on"}))

    assert keys(bucket) == []


def test_pictures_waiting_for_their_form_are_kept_then_cleaned_in_the_bucket(bucket, member):
    data = jpeg((60, 40))
    picture = Picture(full=ContentFile(data, name="a.jpg"), thumbnail=ContentFile(data, name="b.jpg"))
    token = keep_pending(picture, owner_pk=member.pk)

    assert len(keys(bucket)) == 2
    assert all(key.startswith(f"media/{PENDING_DIR}/") for key in keys(bucket))
    assert take_pending(token, owner_pk=member.pk).full.read() == data
    # Not stale yet: kept. A day later: both files deleted.
    assert delete_stale_pending() == 0
    assert delete_stale_pending(now=timezone.now() + timedelta(days=1, minutes=1)) == 2
    assert keys(bucket) == []
    assert not default_storage.exists(f"{PENDING_DIR}/")
