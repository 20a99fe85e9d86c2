"""Pictures people upload: checked, then re-encoded by Pillow so that what we store and serve is
an image we made ourselves (no metadata, no hidden payload, a sensible size).

The one checking path of the site: every form field that takes a picture is a PictureField
(profile photo, event picture, news picture, referent photo, in the public pages and in the
admin); it calls process_picture. tests/core/test_hostile_images.py sends a corpus of hostile
files (chunk bombs, pixel bombs, truncated files, polyglots) through each of them.

What is kept of a file: its pixels, turned upright, in sRGB. Nothing else: no EXIF (place,
camera, date), no JPEG comment, no XMP, no colour profile (converted to sRGB first), no text
chunk, nothing after the end of the image.
"""

import io
import uuid
import warnings
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageFile, ImageOps

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
ACCEPT = "image/jpeg,image/png,image/webp"
# Longest side of the picture we keep, and of its thumbnail for lists.
FULL_SIDE = 1600
THUMBNAIL_SIDE = 400
JPEG_QUALITY = 85

UNREADABLE = _(
    "Nous n'arrivons pas à lire ce fichier comme une image. Envoyez une photo au format JPEG, PNG ou WebP."
)
NOT_ACCEPTED = _("Ce type d'image n'est pas accepté. Envoyez une photo au format JPEG, PNG ou WebP.")
TOO_MANY_PIXELS = _("Cette image est trop grande. Envoyez une image de 40 millions de pixels au plus.")
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass
class Picture:
    full: ContentFile
    thumbnail: ContentFile


def _megabytes(size):
    return gettext("%(size)s Mo") % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ",")}


def _check_header(image):
    if image.format not in FORMATS:
        raise ValidationError(NOT_ACCEPTED, code="format")
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError(
            gettext(
                "Cette image est trop grande (%(width)s × %(height)s pixels). "
                "Envoyez une image de 40 millions de pixels au plus (par exemple 7 000 × 5 000)."
            )
            % {"width": width, "height": height},
            code="pixels",
        )


def _to_srgb(image, icc):
    """The pixels as an sRGB display shows them; a profile Pillow cannot use is ignored."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image, profile, SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None


def _flatten(image):
    """RGB in sRGB for JPEG; transparent parts become white rather than black."""
    icc = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    if icc and image.mode == "CMYK" and (converted := _to_srgb(image, icc)) is not None:
        return converted
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        image = background
    else:
        image = image.convert("RGB")
    if icc and (converted := _to_srgb(image, icc)) is not None:
        return converted
    return image


def _encode(image, side, name):
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    # A new image of the pixels alone: Pillow writes again what an image's `info` holds (a JPEG
    # comment, for one), so nothing of the original file's may reach the one we store.
    bare = Image.frombytes("RGB", copy.size, copy.tobytes())
    buffer = io.BytesIO()
    bare.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=name)


def _decode(upload):
    # Strict whatever another library of the process asked (WeasyPrint turns Pillow's leniency
    # for truncated files on when imported): a truncated file or an oversized text chunk is refused.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow's own warning comes at 89 million pixels; ours, lower, is checked right after.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        image = Image.open(upload, formats=list(FORMATS))
    with image:
        _check_header(image)  # before decoding: a small file may hold a huge image
        image.load()
        return _flatten(image)


def process_picture(upload, *, name="image", full_side=FULL_SIDE, thumbnail_side=THUMBNAIL_SIDE):
    """Check an uploaded file (type, weight, pixels) and return it re-encoded as JPEG with its
    thumbnail, turned the right way up, without metadata; raises ValidationError in French."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            gettext("Cette image pèse %(size)s. Envoyez une image de 5 Mo au plus.")
            % {"size": _megabytes(upload.size)},
            code="size",
        )
    try:
        flat = _decode(upload)
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise ValidationError(TOO_MANY_PIXELS, code="pixels") from None
    except Image.UnidentifiedImageError:
        raise ValidationError(_unidentified_message(upload), code="format") from None
    except Exception:
        # A file from outside: whatever Pillow stumbles on (a compressed chunk past its limit, a
        # truncated file, a bomb, a broken header), the answer is that we cannot read it.
        raise ValidationError(UNREADABLE, code="unreadable") from None
    return Picture(
        full=_encode(flat, full_side, f"{name}.jpg"),
        thumbnail=_encode(flat, thumbnail_side, f"{name}-vignette.jpg"),
    )


# Pictures of a type we do not take (told so), known by their first bytes: never opened by Pillow,
# whose rarer formats are more code for a hostile file to reach.
OTHER_PICTURE_TYPES = (
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
    b"<svg",
    b"<?xml",
    b"\x00\x00\x01\x00",
)


def _unidentified_message(upload):
    """A picture of another type (GIF, SVG, BMP, TIFF…) is told so; anything else is unreadable."""
    upload.seek(0)
    head = upload.read(64).lstrip().lower()
    heic = head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif")
    return (
        NOT_ACCEPTED if heic or head.startswith(tuple(t.lower() for t in OTHER_PICTURE_TYPES)) else UNREADABLE
    )


class PictureField(forms.FileField):
    """The form field of every picture people upload, in the public pages and in the admin.

    Its cleaned value is the re-encoded picture (a JPEG named at random: the original name may
    say who is in the picture), never the file as sent; `.picture` on it is the whole Picture
    (with its thumbnail) that process_picture made.
    """

    def __init__(self, *, full_side=FULL_SIDE, thumbnail_side=THUMBNAIL_SIDE, **kwargs):
        kwargs.pop("max_length", None)  # from a model's ImageField: our names are short
        super().__init__(**kwargs)
        self.full_side, self.thumbnail_side = full_side, thumbnail_side
        self.widget.attrs.setdefault("accept", ACCEPT)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        picture = process_picture(
            upload,
            name=uuid.uuid4().hex[:16],
            full_side=self.full_side,
            thumbnail_side=self.thumbnail_side,
        )
        picture.full.picture = picture
        return picture.full
