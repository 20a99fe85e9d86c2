"""What the board keeps for one signed-in member alone (helpboard.views._blocks_any and _mine):
whether they blocked anyone or were blocked, and the cards of « Mes coups de pouce ». Kept under
their own key and the stamps of what can change them, they change on the next request, and one
member's copy never reaches another member."""

import html

import pytest
from django.test import Client

from helpboard.models import Help
from tests.factories.helpboard import HelpFactory

pytestmark = pytest.mark.django_db


def board(client):
    response = client.get("/coups-de-pouce/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def mine(page):
    """The « Mes coups de pouce » section ("" when there is none)."""
    if 'id="les-miens"' not in page:
        return ""
    return page.split('id="les-miens"', 1)[1].split("</section>", 1)[0]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_block_made_on_a_warm_board_hides_the_authors_help_at_once(alice, bob):
    HelpFactory(author=bob, text="Bob cherche un coup de main pour déménager.")
    as_alice = signed_in(alice)
    assert "Bob cherche" in board(as_alice)
    assert "Bob cherche" in board(as_alice)  # warm: her blocks and the board are kept

    assert as_alice.post(f"/membres/{bob.username}/bloquer/").status_code == 302
    assert "Bob cherche" not in board(as_alice)

    assert as_alice.post(f"/membres/{bob.username}/debloquer/").status_code == 302
    assert "Bob cherche" in board(as_alice)


def test_being_blocked_hides_the_blockers_help_from_a_warm_board(alice, bob):
    HelpFactory(author=bob, text="Bob propose de relire des CV.")
    as_alice, as_bob = signed_in(alice), signed_in(bob)
    board(as_alice)
    assert "Bob propose" in board(as_alice)

    assert as_bob.post(f"/membres/{alice.username}/bloquer/").status_code == 302

    assert "Bob propose" not in board(as_alice)
    assert "Bob propose" in mine(board(as_bob))  # his own, still his


def test_my_section_is_mine_alone_whoever_looked_first(alice, bob):
    HelpFactory(author=alice, text="Alice cherche une poussette.")
    HelpFactory(author=bob, text="Bob propose des cours de vélo.")
    as_alice, as_bob = signed_in(alice), signed_in(bob)
    for _ in range(2):  # cold, then warm
        hers, his = mine(board(as_alice)), mine(board(as_bob))
        assert "Alice cherche" in hers and "Bob propose" not in hers
        assert "Bob propose" in his and "Alice cherche" not in his
    visitor = board(Client())
    assert mine(visitor) == "" and "Mes coups de pouce" not in visitor


def test_my_help_edited_or_done_changes_my_section_at_once(alice):
    help = HelpFactory(author=alice, text="Je cherche un covoiturage pour Ancenis.")
    as_alice = signed_in(alice)
    assert "covoiturage pour Ancenis" in mine(board(as_alice))

    response = as_alice.post(
        f"/coups-de-pouce/{help.pk}/modifier/",
        {
            "kind": Help.Kind.ASK,
            "theme": help.theme_id,
            "text": "Je cherche un covoiturage pour Clisson.",
            "commune_name": "Rezé",
            "territory": "",
            "until": help.until.isoformat(),
        },
    )
    assert response.status_code == 302
    section = mine(board(as_alice))
    assert "covoiturage pour Clisson" in section and "Ancenis" not in section

    assert as_alice.post(f"/coups-de-pouce/{help.pk}/c-est-fait/", {"thanks": ""}).status_code == 302
    assert mine(board(as_alice)) == ""


def test_my_new_help_shows_in_my_section_on_the_next_request(alice):
    as_alice = signed_in(alice)
    assert mine(board(as_alice)) == ""
    HelpFactory(author=alice, text="Je propose de l'aide pour un dossier de retraite.")
    assert "dossier de retraite" in mine(board(as_alice))
