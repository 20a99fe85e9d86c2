"""Logs: one request id per request on every line, no personal data, JSON lines in production.

- RequestIdMiddleware (first in MIDDLEWARE) takes the proxy's X-Request-ID when it is a plain
  token, else makes one; it sets `request.id`, returns it in the X-Request-ID header, and keeps it
  for the log lines written while the request runs (RequestIdFilter adds it as `request_id`).
- PersonalDataFilter blots out what could name a person before a line is written: e-mail
  addresses, members' public addresses (/membres/<username>/), the usernames the site makes up,
  the values in PostgreSQL's "Key (…)=(…)" details, IPv4 addresses — in the message and in the
  traceback. It works on shapes: a name typed into free text that ends up in an error message
  is not recognised, so code never puts what a member typed into a log line or an exception.
- JsonFormatter writes one JSON object per line (LOG_FORMAT=json, the production default);
  development keeps readable lines.
"""

import json
import logging
import re
import uuid
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
NO_REQUEST = "-"
_request_id = ContextVar("request_id", default=NO_REQUEST)
# What a proxy may hand us: a uuid, nginx's $request_id (32 hex), or a similar short token.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MEMBER_PATH = re.compile(r"(/membres/)(?!(?:\?|$))[^/\s?\"']+")
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
# PostgreSQL's "DETAIL:  Key (username)=(jean-4821) already exists." names the row's values.
DB_KEY_DETAIL = re.compile(r"(Key \([^)]*\)=\()[^)]*(\))")
# The usernames the site makes up (accounts.adapters.unique_username): a word, a dash, digits.
SITE_USERNAME = re.compile(r"\b[a-z]{1,20}-\d{4,8}\b")
HIDDEN = "[masqué]"


def current_request_id():
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request.id = given if VALID_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        token = _request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[REQUEST_ID_HEADER] = request.id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current_request_id()
        return True


def blot(text):
    text = EMAIL.sub(HIDDEN, text)
    text = MEMBER_PATH.sub(rf"\g<1>{HIDDEN}", text)
    text = DB_KEY_DETAIL.sub(rf"\g<1>{HIDDEN}\g<2>", text)
    text = SITE_USERNAME.sub(HIDDEN, text)
    return IPV4.sub(HIDDEN, text)


class PersonalDataFilter(logging.Filter):
    _formatter = logging.Formatter()

    def filter(self, record):
        record.msg, record.args = blot(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = blot(record.exc_text)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", NO_REQUEST),
            "message": record.getMessage(),
        }
        if getattr(record, "status_code", None):
            line["status"] = record.status_code
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)
