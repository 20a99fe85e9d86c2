"""Requests the site refuses before any view sees them.

A NUL character ("\\0", sent as %00) has no meaning in a web address or a form, and PostgreSQL
refuses it in any text: a view that looks it up would fail with a server error (500). Such a
request is answered 400 here, with a short French page that needs no database.
"""

from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string

NUL = "\x00"


def _query_has_nul(query_string):
    return b"\x00" in unquote_to_bytes(query_string.replace("+", " "))


def carries_nul(request):
    if (
        NUL in request.path
        or NUL in request.path_info
        or _query_has_nul(request.META.get("QUERY_STRING", ""))
    ):
        return True
    if request.method != "POST" or request.content_type not in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return False
    fields = request.POST
    if any(NUL in key or any(NUL in value for value in fields.getlist(key)) for key in fields):
        return True
    return any(NUL in key or NUL in (upload.name or "") for key, upload in request.FILES.items())


class RefuseNulMiddleware:
    """Answer 400 to a request whose path, query string or form fields carry a NUL character."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            # No request in the context: no context processor, so no session or database.
            return HttpResponseBadRequest(render_to_string("bad_request.html"))
        return self.get_response(request)
