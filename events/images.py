"""Pictures people upload: checked, then re-encoded by Pillow so that what we store and serve is
an image we made ourselves (no metadata, no hidden payload, a sensible size).

Framework-light: ValidationError with French messages, ContentFile results. Other apps may use it.
"""

import io
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
# Longest side of the picture we keep, and of its thumbnail for lists.
FULL_SIDE = 1600
THUMBNAIL_SIDE = 400
JPEG_QUALITY = 85

UNREADABLE = (
    "Nous n'arrivons pas à lire ce fichier comme une image. Envoyez une photo au format JPEG, PNG ou WebP."
)


@dataclass
class Picture:
    full: ContentFile
    thumbnail: ContentFile


def _megabytes(size):
    return f"{size / 1024 / 1024:.1f}".replace(".", ",") + " Mo"


def _check_header(image):
    if image.format not in FORMATS:
        raise ValidationError(
            "Ce type d'image n'est pas accepté. Envoyez une photo au format JPEG, PNG ou WebP.",
            code="format",
        )
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError(
            f"Cette image est trop grande ({width} × {height} pixels). "
            "Envoyez une image de 40 millions de pixels au plus (par exemple 7 000 × 5 000).",
            code="pixels",
        )


def _flatten(image):
    """RGB for JPEG; transparent parts become white rather than black."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image, side, name):
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # No exif= given: the metadata (place, camera, date) is not written again.
    copy.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=name)


def process_picture(upload, *, name="image"):
    """Check an uploaded file (type, weight, pixels) and return it re-encoded as JPEG with its
    thumbnail, turned the right way up; raises ValidationError with a French message."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            f"Cette image pèse {_megabytes(upload.size)}. Envoyez une image de 5 Mo au plus.", code="size"
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            _check_header(image)  # before decoding: a small file may hold a huge image
            image.load()
            flat = _flatten(image)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(UNREADABLE, code="unreadable") from None
    return Picture(
        full=_encode(flat, FULL_SIDE, f"{name}.jpg"),
        thumbnail=_encode(flat, THUMBNAIL_SIDE, f"{name}-vignette.jpg"),
    )


# A valid picture waiting while the rest of its form is corrected --------------------------------
#
# A browser never fills a file input again: after an error elsewhere in the form, the person
# would have to choose their picture again. Instead, the re-encoded picture waits in storage
# and the form carries a signed token naming it (and its owner). Abandoned ones are deleted by
# the periodic job `clean_pending_pictures`.

PENDING_DIR = "evenements/en-attente"
PENDING_SALT = "events.images.pending"
PENDING_MAX_AGE = timedelta(days=1)


def keep_pending(picture, *, owner_pk):
    """Store `picture` for a while; returns the token that gives it back to the same member."""
    key = secrets.token_hex(16)
    full = default_storage.save(f"{PENDING_DIR}/{key}.jpg", picture.full)
    thumbnail = default_storage.save(f"{PENDING_DIR}/{key}-vignette.jpg", picture.thumbnail)
    return signing.dumps({"full": full, "thumbnail": thumbnail, "owner": owner_pk}, salt=PENDING_SALT)


def _pending_names(token, owner_pk):
    try:
        data = signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("owner") != owner_pk:
        return None
    return data["full"], data["thumbnail"]


def take_pending(token, *, owner_pk, name="image"):
    """The Picture kept under `token` for this member, named `name`; None if gone or not theirs."""
    names = _pending_names(token, owner_pk)
    if names is None or not all(default_storage.exists(stored) for stored in names):
        return None
    contents = []
    for stored in names:
        with default_storage.open(stored) as file:
            contents.append(file.read())
    return Picture(
        full=ContentFile(contents[0], name=f"{name}.jpg"),
        thumbnail=ContentFile(contents[1], name=f"{name}-vignette.jpg"),
    )


def pending_thumbnail_url(token, *, owner_pk):
    names = _pending_names(token, owner_pk)
    return default_storage.url(names[1]) if names else ""


def forget_pending(token, *, owner_pk):
    """Delete the kept files once the event has its own copy (after the transaction commits)."""
    names = _pending_names(token, owner_pk)
    if names:
        transaction.on_commit(lambda: [default_storage.delete(stored) for stored in names])


def delete_stale_pending(*, now=None):
    """Delete kept pictures older than PENDING_MAX_AGE (their token has expired); returns how many."""
    limit = (now or timezone.now()) - PENDING_MAX_AGE
    try:
        _, files = default_storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return 0
    stale = [f"{PENDING_DIR}/{name}" for name in files]
    stale = [path for path in stale if default_storage.get_modified_time(path) < limit]
    for path in stale:
        default_storage.delete(path)
    return len(stale)
