"""Kept pages and feeds carry a gzip copy, made once when they are kept: a browser or a calendar
app that accepts gzip (they all do) gets it without the server compressing on each request, and
the front server (nginx, which would compress otherwise) passes it on as it is.

Only what is the same for every visitor is kept (no session, no CSRF token, nothing personal), so
compressing it reveals nothing (BREACH needs a secret in a compressed body).
"""

import gzip
import re
import struct
import zlib

from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# As GZipMiddleware: shorter answers are not worth compressing.
MIN_LENGTH = 200
# A gzip member's header (RFC 1952): deflate, no name, no time (the same bytes each time), any OS.
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


def compressed(content):
    """The gzip copy of `content` (bytes), or None when it would not be shorter."""
    if len(content) < MIN_LENGTH:
        return None
    packed = compress_string(content)
    return packed if len(packed) < len(content) else None


def piece(data):
    """`data` deflated alone, ended on a byte boundary with no back-reference before it: pieces
    kept apart (an event's VEVENT text) are joined into one gzip body by joined_gzip() without
    being compressed again."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


_LAST_BLOCK = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush(zlib.Z_FINISH)


def joined_gzip(pieces, content):
    """The gzip body of `content`, which is the data of `pieces` (piece()) joined in order: only
    its checksum is computed (CRC-32, about a gigabyte a second), nothing is compressed."""
    trailer = struct.pack("<II", zlib.crc32(content), len(content) & 0xFFFFFFFF)
    return b"".join((GZIP_HEADER, *pieces, _LAST_BLOCK, trailer))


def set_body(request, response, content, packed):
    """The response's body: the gzip copy when there is one and the client accepts it (`packed`
    may be a function making it, called only then). `content` may be None when `packed` is the
    gzip copy itself (bytes): it is then unpacked for a client that does not accept gzip."""
    patch_vary_headers(response, ("Accept-Encoding",))
    accepts = ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    if accepts and callable(packed):
        packed = packed()
    if packed is not None and accepts:
        response.content = packed
        response["Content-Encoding"] = "gzip"
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            # The same content in another encoding: a weak validator (RFC 9110, 8.8.1).
            response["ETag"] = f"W/{etag}"
    elif content is None:
        response.content = gzip.decompress(packed)
    else:
        response.content = content
    response["Content-Length"] = str(len(response.content))
    return response
