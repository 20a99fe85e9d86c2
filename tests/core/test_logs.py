"""Logs: a request id on every line and in the response, no personal data, JSON in production."""

import io
import json
import logging
import re

import pytest

from tests.conftest import PASSWORD, make_user
from tousvoisins.logs import JsonFormatter, PersonalDataFilter, RequestIdFilter

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def log_lines():
    """What the configured console handler writes (its filters and formatter), line by line."""
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.INFO)
    yield lambda: buffer.getvalue().splitlines()
    root.setLevel(level)
    handler.setStream(previous)


def test_each_response_carries_its_request_id(client, db):
    first, second = client.get("/"), client.get("/")
    assert HEX_ID.fullmatch(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_proxy_s_request_id_is_kept_when_it_is_a_plain_token(client, db):
    given = "4f1c2b9e-7a3d-4e8b-9c1a-2b3c4d5e6f70"
    assert client.get("/", headers={"X-Request-ID": given})["X-Request-ID"] == given
    made_up = client.get("/", headers={"X-Request-ID": "<script>\nalert(1)"})["X-Request-ID"]
    assert HEX_ID.fullmatch(made_up)


@pytest.mark.urls("tests.core.urls_failing")
def test_no_e_mail_address_nor_username_reaches_the_logs(
    client, db, log_lines, django_capture_on_commit_callbacks
):
    member = make_user("josiane-4821", first_name="Josiane")
    secrets = [
        "josiane-4821",
        "nouvelle.voisine@exemple.fr",
        "jeanne.martin@exemple.fr",
        "Jeanne Martin",
        "203.0.113.7",
    ]
    client.raise_request_exception = False
    with django_capture_on_commit_callbacks(execute=True):
        # A sign-up, a failed sign-in, the contact form.
        client.post(
            "/comptes/signup/",
            {
                "email": "nouvelle.voisine@exemple.fr",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "charter": "on",
            },
        )
        client.post("/comptes/login/", {"login": member.email, "password": "pas le bon"})
        client.post(
            "/contact/",
            {
                "subject": "probleme",
                "name": "Jeanne Martin",
                "email": "jeanne.martin@exemple.fr",
                "message": "Le bouton ne marche pas.",
                "website": "",
            },
        )
    # A page that is not there, at a member's address, and a page that fails.
    missing = client.get("/membres/josiane-4821/", REMOTE_ADDR="203.0.113.7")
    assert missing.status_code in (302, 404)
    failed = client.get(
        "/echec/", {"email": "jeanne.martin@exemple.fr", "name": "josiane-4821"}, REMOTE_ADDR="203.0.113.7"
    )
    assert failed.status_code == 500

    lines = log_lines()
    written = "\n".join(lines)
    assert "Internal Server Error" in written and "ValueError" in written  # the failure is logged...
    for secret in secrets:  # ...without naming anyone
        assert secret not in written
    assert "[masqué]" in written
    # Every line of the failing request carries its id.
    failure_lines = [line for line in lines if "Internal Server Error" in line]
    assert failure_lines and all(f"[{failed['X-Request-ID']}]" in line for line in failure_lines)


def test_production_writes_one_json_object_per_line():
    handler_output = io.StringIO()
    handler = logging.StreamHandler(handler_output)
    handler.addFilter(RequestIdFilter())
    handler.addFilter(PersonalDataFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("tests.json")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("E-mail refusé pour %s", "jeanne@exemple.fr")
        try:
            raise RuntimeError("jeanne@exemple.fr")
        except RuntimeError:
            logger.exception("Échec")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    first, second = (
        json.loads(line) for line in handler_output.getvalue().splitlines() if line.startswith("{")
    )
    assert first == {
        "time": first["time"],
        "level": "WARNING",
        "logger": "tests.json",
        "request_id": "-",
        "message": "E-mail refusé pour [masqué]",
    }
    assert "RuntimeError: [masqué]" in second["exception"]
