"""Hostile picture files, made here byte by byte (nothing downloaded, nothing committed).

REFUSED: files every picture field must refuse with a French message, storing nothing.
NEUTRALISED: real pictures carrying a payload (a script in a comment, a page after the end of
the image, EXIF with a GPS position): accepted, and what is stored is a JPEG without any of it.
"""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms

SCRIPT = b"<html><script>alert('tousvoisins')</script></html>"
# 20 MB of zeros, compressed to about 20 kB: past Pillow's 1 MB limit for a text or profile chunk.
BOMB = zlib.compress(b"\x00" * (20 * 1024 * 1024), 9)


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_bytes(size=(40, 30), mode="RGB", colour=(30, 120, 200)):
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def png_with_chunk_before_data(kind, data):
    """A small valid PNG with one more chunk right after its header (IHDR)."""
    png = _png_bytes()
    end_of_header = 8 + 4 + 4 + 13 + 4
    return png[:end_of_header] + _chunk(kind, data) + png[end_of_header:]


def png_claiming(width, height):
    """A tiny PNG file whose header claims `width` × `height` pixels (a pixel bomb)."""
    data = bytearray(_png_bytes(size=(1, 1), mode="L", colour=0))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def jpeg_claiming(width, height):
    """A tiny JPEG whose frame header (SOF) claims `width` × `height` pixels."""
    data = bytearray(jpeg_bytes(size=(8, 8)))
    for marker in (b"\xff\xc0", b"\xff\xc2"):
        at = data.find(marker)
        if at != -1:
            data[at + 5 : at + 9] = struct.pack(">HH", height, width)
            return bytes(data)
    raise AssertionError("no SOF marker")


def animated_png_claiming(width, height):
    """An animated PNG (two frames) whose canvas and frames claim `width` × `height` pixels."""
    frames = [Image.new("RGB", (4, 4), colour) for colour in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "PNG", save_all=True, append_images=frames[1:])
    data = bytearray(buffer.getvalue())
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def jpeg_bytes(size=(120, 80), colour=(200, 120, 40), **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", **save_options)
    return buffer.getvalue()


def jpeg_with_everything():
    """A phone photo with all the metadata a file can carry: a script in its comment (COM), EXIF
    with the camera, the owner's name and a GPS position, XMP and a colour profile (ICC)."""
    exif = Image.Exif()
    exif[0x010F] = "Telephone espion"  # Make
    exif[0x013B] = "Alice Dupont"  # Artist
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (47.0, 12.0, 30.0), 3: "W", 4: (1.0, 33.0, 10.0)})
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Alice Dupont</dc:creator></x:xmpmeta>'
    data = jpeg_bytes(size=(640, 480), exif=exif, comment=SCRIPT, xmp=xmp, icc_profile=icc)
    assert SCRIPT in data and b"Alice Dupont" in data and b"Exif" in data
    return data


def _file(name, data, content_type):
    return lambda: SimpleUploadedFile(name, data, content_type=content_type)


_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert('tousvoisins')</script><rect width='10' height='10'/></svg>"
)
_GIF_POLYGLOT = b"GIF89a/*\x0a\x00\x0a\x00\x00\x00\x00*/=alert('tousvoisins');" + b"\x00" * 20 + b";"
_JPEG = jpeg_bytes()
_PNG = _png_bytes()


def _gif():
    buffer = io.BytesIO()
    Image.new("P", (10, 10)).save(buffer, "GIF")
    return buffer.getvalue()


def _bmp():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "BMP")
    return buffer.getvalue()


def _cmyk_jpeg():
    buffer = io.BytesIO()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("CMYK", (60, 40), (0, 200, 200, 0)).save(buffer, "JPEG", icc_profile=icc)
    return buffer.getvalue()


# name: (a new upload each time, words expected beside the field)
UNREADABLE = "arrivons pas à lire ce fichier comme une image"
NOT_ACCEPTED = "Ce type d'image n'est pas accepté"
TOO_MANY_PIXELS = "Cette image est trop grande"
REFUSED = {
    "png-iccp-bomb": (
        _file("profil.png", png_with_chunk_before_data(b"iCCP", b"sRGB\x00\x00" + BOMB), "image/png"),
        UNREADABLE,
    ),
    "png-ztxt-bomb": (
        _file("texte.png", png_with_chunk_before_data(b"zTXt", b"Comment\x00\x00" + BOMB), "image/png"),
        UNREADABLE,
    ),
    "png-itxt-bomb": (
        _file(
            "itexte.png",
            png_with_chunk_before_data(b"iTXt", b"Comment\x00\x01\x00fr\x00Commentaire\x00" + BOMB),
            "image/png",
        ),
        UNREADABLE,
    ),
    "png-pixel-bomb": (_file("grande.png", png_claiming(10_000, 10_000), "image/png"), TOO_MANY_PIXELS),
    "png-pixel-bomb-past-pillow": (
        _file("immense.png", png_claiming(65_535, 65_535), "image/png"),
        TOO_MANY_PIXELS,
    ),
    "jpeg-pixel-bomb": (_file("grande.jpg", jpeg_claiming(30_000, 30_000), "image/jpeg"), TOO_MANY_PIXELS),
    "apng-huge-frames": (
        _file("anime.png", animated_png_claiming(20_000, 20_000), "image/png"),
        TOO_MANY_PIXELS,
    ),
    "png-truncated": (_file("coupee.png", _PNG[: len(_PNG) // 2], "image/png"), UNREADABLE),
    "jpeg-truncated": (
        _file("coupee.jpg", jpeg_bytes(size=(400, 300))[:300], "image/jpeg"),
        UNREADABLE,
    ),
    "png-bad-checksum": (
        _file("abimee.png", _PNG[:33] + b"\x00" * 8 + _PNG[41:], "image/png"),
        UNREADABLE,
    ),
    "gif-javascript-polyglot": (_file("photo.gif", _GIF_POLYGLOT, "image/gif"), NOT_ACCEPTED),
    "gif": (_file("anim.gif", _gif(), "image/gif"), NOT_ACCEPTED),
    "bmp": (_file("photo.bmp", _bmp(), "image/bmp"), NOT_ACCEPTED),
    "svg-with-script": (_file("logo.svg", _SVG, "image/svg+xml"), NOT_ACCEPTED),
    "svg-named-png": (_file("logo.png", _SVG, "image/png"), NOT_ACCEPTED),
    "html-named-jpeg": (_file("photo.jpg", SCRIPT, "image/jpeg"), UNREADABLE),
    "zip-named-jpeg": (_file("photo.jpg", b"PK\x03\x04" + b"\x00" * 60, "image/jpeg"), UNREADABLE),
    "empty": (_file("vide.jpg", b"", "image/jpeg"), "Le fichier soumis est vide"),
}

NEUTRALISED = {
    "jpeg-with-script-comment-exif-xmp-icc": _file(
        "photo-alice-dupont.jpg", jpeg_with_everything(), "image/jpeg"
    ),
    "png-with-html-after-its-end": _file("photo.png", _PNG + SCRIPT, "image/png"),
    "png-with-zip-after-its-end": _file("photo.png", _PNG + b"PK\x03\x04" + SCRIPT, "image/png"),
    "jpeg-with-html-after-its-end": _file("photo.jpg", _JPEG + SCRIPT, "image/jpeg"),
    "png-with-script-in-text-chunk": _file(
        "photo.png", png_with_chunk_before_data(b"tEXt", b"Comment\x00" + SCRIPT), "image/png"
    ),
    "png-named-jpeg": _file("photo.jpg", _PNG, "image/jpeg"),
    "jpeg-with-a-broken-colour-profile": _file(
        "photo.jpg", jpeg_bytes(icc_profile=b"pas un profil" * 50), "image/jpeg"
    ),
    "cmyk-jpeg-with-its-profile": _file("photo.jpg", _cmyk_jpeg(), "image/jpeg"),
}

# What a JPEG we made may hold: start, JFIF header, tables, frame, scan, end. No APP1 (EXIF, XMP),
# no APP2 (ICC profile), no COM (comment), nothing after the end.
ALLOWED_JPEG_MARKERS = {0xD8, 0xE0, 0xDB, 0xC4, 0xC0, 0xC2, 0xDD, 0xDA, 0xD9}


def jpeg_markers(data):
    """The markers of a JPEG's segments, in order; fails on bytes after the end of the image."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    markers, at = [0xD8], 2
    while at < len(data):
        assert data[at] == 0xFF, f"garbage at {at}"
        marker = data[at + 1]
        markers.append(marker)
        if marker == 0xD9:
            assert at + 2 == len(data), "bytes after the end of the image"
            return markers
        length = struct.unpack(">H", data[at + 2 : at + 4])[0]
        at += 2 + length
        if marker == 0xDA:  # entropy-coded data until the next marker that is not a restart or stuffing
            while not (data[at] == 0xFF and data[at + 1] not in (0x00, *range(0xD0, 0xD8))):
                at += 1
    raise AssertionError("no end of image")


def assert_clean_jpeg(data):
    markers = jpeg_markers(data)
    assert set(markers) <= ALLOWED_JPEG_MARKERS, [hex(marker) for marker in markers]
    for payload in (
        b"<script",
        b"<html",
        b"Exif",
        b"xmpmeta",
        b"ICC_PROFILE",
        b"Alice",
        b"PK\x03\x04",
        b"espion",
    ):
        assert payload not in data, payload
