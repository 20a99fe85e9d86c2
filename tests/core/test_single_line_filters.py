"""A line break in the words of a search or a filter (read from the query string) is said beside
its field, in French, and the page still answers: never a 500."""

from html import unescape

import pytest

from tousvoisins.forms import LINE_BREAK

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "/agenda/?q=chorale%0Ab",
        "/agenda/carte/?q=chorale%0D%0Ab",
        "/agenda/agenda.ics?q=chorale%0Ab",
        "/actualites/?q=f%C3%AAte%E2%80%A8b",
        "/forum/recherche/?q=perceuse%0Ab",
        "/membres/?interet=cuisine%0Ab",
    ],
)
def test_a_line_break_in_a_search_is_said_and_the_page_answers(client, member, address):
    client.force_login(member)

    response = client.get(address)

    # The calendar feed says what is wrong with its filters in a 400 of plain text.
    assert response.status_code == (400 if ".ics" in address else 200)
    assert LINE_BREAK in unescape(response.content.decode())
