"""Kept pages and feeds carry a gzip copy, made once when they are kept: a browser or a calendar
app that accepts gzip (they all do) gets it without the server compressing on each request, and
the front server (nginx, which would compress otherwise) passes it on as it is.

Only what is the same for every visitor is kept (no session, no CSRF token, nothing personal), so
compressing it reveals nothing (BREACH needs a secret in a compressed body).
"""

import re

from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# As GZipMiddleware: shorter answers are not worth compressing.
MIN_LENGTH = 200


def compressed(content):
    """The gzip copy of `content` (bytes), or None when it would not be shorter."""
    if len(content) < MIN_LENGTH:
        return None
    packed = compress_string(content)
    return packed if len(packed) < len(content) else None


def set_body(request, response, content, packed):
    """The response's body: the gzip copy when there is one and the client accepts it."""
    patch_vary_headers(response, ("Accept-Encoding",))
    if packed is not None and ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response.content = packed
        response["Content-Encoding"] = "gzip"
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            # The same content in another encoding: a weak validator (RFC 9110, 8.8.1).
            response["ETag"] = f"W/{etag}"
    else:
        response.content = content
    response["Content-Length"] = str(len(response.content))
    return response
