"""Profile photos, re-encoded by Pillow before they are stored.

Re-encoding keeps only the pixels: EXIF (GPS position, camera, date) and anything hidden in
the file are gone; the picture is turned upright as the phone meant it and made small. The
file gets a random name, never the member's. (referents/images.py does the same for referents'
photos: the two can merge into one shared helper.)
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A decompression bomb (a tiny file of huge dimensions) is refused before its pixels are read.
MAX_PIXELS = 40_000_000
PHOTO_SIDE = 400
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}

TOO_BIG = "Cette photo est trop lourde (5 Mo au plus). Choisissez une photo plus petite."
NOT_AN_IMAGE = "Ce fichier n'est pas une photo. Choisissez une image au format JPEG, PNG ou WebP."
TOO_MANY_PIXELS = "Cette photo est trop grande. Choisissez une image de moins de 40 millions de pixels."


def reencode_photo(upload, *, side=PHOTO_SIDE, quality=85):
    """A new JPEG (a Django file) made from `upload`, at most `side` pixels wide and high."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(TOO_BIG)
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(NOT_AN_IMAGE)
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(TOO_MANY_PIXELS)
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError(TOO_MANY_PIXELS) from None
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError(NOT_AN_IMAGE) from None
    image = ImageOps.exif_transpose(image)
    image.thumbnail((side, side))
    if image.mode != "RGB":
        image = _on_white(image)
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=quality, optimize=True)
    return SimpleUploadedFile(f"{uuid.uuid4().hex}.jpg", output.getvalue(), content_type="image/jpeg")


def _on_white(image):
    """Transparent parts on white: JPEG has no transparency."""
    image = image.convert("RGBA")
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background
