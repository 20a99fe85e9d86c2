"""A line break in the name of the referent contact form: refused beside the field, in French,
nothing stored or sent, and the sender is never told that the message left (issue 13, item 3)."""

from html import unescape

import pytest
from django.core import mail
from django.core.cache import cache

from referents.models import ReferentMessage
from tests.conftest import make_user
from tests.factories.referents import ReferentFactory
from tousvoisins.forms import LINE_BREAK

pytestmark = pytest.mark.django_db

VISITOR = {
    "name": "Jeanne",
    "email": "jeanne.martin@exemple.org",
    "message": "Bonjour, je cherche un atelier pour écrire mon CV près de Rezé.",
    "website": "",
}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def referent(db):
    return ReferentFactory(public_name="Sophie", user=make_user("sophie"))


@pytest.mark.parametrize(
    "name",
    ["Jeanne\nBcc: tout.le.monde@exemple.org", "Jeanne\r\nMartin", "Jeanne\u2028Martin", "Jeanne\x0bMartin"],
)
def test_a_line_break_in_the_name_is_refused_and_nothing_leaves(
    client, referent, name, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/referents/{referent.pk}/", {**VISITOR, "name": name})

    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert LINE_BREAK in html
    assert 'id="id_name_error"' in html
    assert "bien parti" not in html
    assert VISITOR["message"] in html  # what was typed is kept
    assert not ReferentMessage.objects.exists()
    assert mail.outbox == []


def test_a_member_s_line_break_in_the_name_is_refused_too(client, referent, member):
    client.force_login(member)

    response = client.post(
        f"/referents/{referent.pk}/", {"name": "Alice\nDupont", "message": VISITOR["message"]}
    )

    assert response.status_code == 200
    assert LINE_BREAK in unescape(response.content.decode())
    assert not ReferentMessage.objects.exists()


def test_the_contact_page_of_the_site_refuses_a_line_break_in_the_name(client):
    response = client.post(
        "/contact/",
        {
            "subject": "probleme",
            "name": "Jeanne\nMartin",
            "email": "jeanne@exemple.org",
            "message": "Bonjour",
        },
    )

    assert response.status_code == 200
    assert LINE_BREAK in unescape(response.content.decode())
