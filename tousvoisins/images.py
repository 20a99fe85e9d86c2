"""Pictures people upload: checked, then re-encoded by Pillow so that what we store and serve is
an image we made ourselves (no metadata, no hidden payload, a sensible size).

Framework-light: ValidationError with French messages, ContentFile results. Every app that takes
a picture goes through process_picture (events, news, referents).
"""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
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
