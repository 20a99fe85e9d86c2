"""The server-error page, and the maintenance page while the database cannot be reached.

Django calls `server_error` (the `handler500` of the root URLs) for any exception a view or a
middleware let through, the session and sign-in middlewares included. When that exception says
the database is out of reach (PostgreSQL restarting, the network cut), the person gets a 503
"maintenance" page with `Retry-After` instead of a 500. Neither page reads the database: they
are rendered without the request, so no context processor (session, user, unread messages) runs.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

# Seconds a browser or a proxy is told to wait before asking again.
RETRY_AFTER_SECONDS = 30

OUTAGE_ERRORS = (OperationalError, InterfaceError)


def is_database_outage(exc):
    """True when `exc` (or what caused it) says the database cannot be reached."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OUTAGE_ERRORS):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def maintenance_response():
    response = HttpResponse(render_to_string("maintenance.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name="500.html"):
    if is_database_outage(sys.exc_info()[1]):
        return maintenance_response()
    return HttpResponseServerError(render_to_string(template_name))
