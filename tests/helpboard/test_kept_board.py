"""The board's count, page and « C'est fait » are kept (tousvoisins.fragments) for everyone who
blocked nobody and whom nobody blocked: they change on the next request after a coup de pouce
changes, a last day passes or a name changes; blocks and one's own coups de pouce stay each
member's own."""

import html
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import Block
from helpboard import services
from helpboard.models import Help
from tests.factories.helpboard import HelpFactory
from tests.factories.profiles import ProfileFactory

pytestmark = pytest.mark.django_db


def board(client, query=""):
    response = client.get(f"/coups-de-pouce/{query}")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def current_section(page):
    return page.split('id="en-cours"', 1)[1].split("</section>", 1)[0]


def test_an_edited_help_shows_its_new_words_on_a_warm_board(client, member):
    help = HelpFactory(author=member, text="Je cherche un covoiturage pour Ancenis.")
    assert "covoiturage pour Ancenis" in board(client)

    client.force_login(member)
    response = client.post(
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
    client.logout()

    page = board(client)
    assert "covoiturage pour Clisson" in page and "covoiturage pour Ancenis" not in page


def test_a_help_done_or_hidden_leaves_the_count_and_the_page(client):
    done = HelpFactory(text="Je cherche de l'aide pour un dossier de retraite.")
    hidden = HelpFactory(text="Je propose des cours de guitare.")
    HelpFactory(text="Je cherche quelqu'un pour m'apprendre le tricot.")
    page = board(client)
    assert "3 coups de pouce" in page

    services.help_done(help=done, thanks="Merci à Nadia !", now=timezone.now())
    services.help_hide(help=hidden, reason="publicité")

    page = board(client)
    assert "1 coup de pouce" in page
    assert "dossier de retraite" not in current_section(page) and "« Merci à Nadia ! »" in page
    assert "cours de guitare" not in page
    assert "apprendre le tricot" in current_section(page)


def test_a_help_whose_last_day_passed_leaves_the_board_the_next_day(client):
    today = timezone.localdate()
    HelpFactory(text="Je cherche un vélo d'enfant.", until=today)
    assert "vélo d'enfant" in board(client)

    # No write at all: only the day changes.
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        page = board(client)
    assert "vélo d'enfant" not in page
    assert "Aucun coup de pouce ne correspond" in page


def test_each_page_and_filter_is_kept_on_its_own(client):
    for number in range(23):
        HelpFactory(text=f"Demande numéro {number:02d} pour relire un CV.")
    HelpFactory(kind=Help.Kind.OFFER, text="Je propose de relire des lettres de motivation.")

    first, second = board(client), board(client, "?page=2")
    offers = board(client, "?sorte=propose")

    assert "Demande numéro 22" in first and "Demande numéro 22" not in second
    assert "Demande numéro 00" in second and "Demande numéro 00" not in first
    assert "lettres de motivation" in offers and "Demande numéro" not in offers
    assert "1 coup de pouce" in offers and "24 coups de pouce" in board(client)


def test_blocks_keep_their_board_apart_whoever_filled_the_kept_lists(client, alice, bob):
    HelpFactory(author=bob, text="Bob cherche un coup de main pour déménager.")
    HelpFactory(author=alice, text="Alice propose de garder des plantes.")
    board(client)  # a visitor fills the kept lists first
    Block.objects.create(blocker=alice, blocked=bob)

    as_alice, as_bob = Client(), Client()
    as_alice.force_login(alice)
    as_bob.force_login(bob)
    hers, his = board(as_alice), board(as_bob)

    assert "Bob cherche" not in hers and "Alice propose" in hers  # her own, in « Mes coups de pouce »
    assert "Alice propose" not in his and "Bob cherche" in his
    visitor = board(client)
    assert "Bob cherche" in visitor and "Alice propose" in visitor


def test_my_own_helps_never_reach_another_members_board_section(alice, bob):
    HelpFactory(author=alice, text="Alice cherche une poussette.")
    as_alice, as_bob = Client(), Client()
    as_alice.force_login(alice)
    as_bob.force_login(bob)

    hers = board(as_alice)
    his = board(as_bob)
    hers_again = board(as_alice)

    assert "Mes coups de pouce" in hers and "Mes coups de pouce" in hers_again
    assert "Mes coups de pouce" not in his
    assert "Alice cherche une poussette" in current_section(his)  # as anyone's, with her name
    assert "Alice" in current_section(his)


def test_an_authors_new_name_reaches_members_on_a_warm_board(client, bob):
    author = ProfileFactory(display_name="Karima").user
    HelpFactory(author=author)
    client.force_login(bob)
    assert "Karima" in board(client)

    author.profile.display_name = "Jeanne"
    author.profile.save()

    page = board(client)
    assert "Jeanne" in page and "Karima" not in page


@pytest.mark.parametrize("count", [3, 9])
def test_a_warm_board_makes_no_query_for_a_visitor_and_the_same_signed_in(
    client, alice, count, django_assert_num_queries
):
    for _ in range(count):
        HelpFactory()
    HelpFactory(status=Help.Status.DONE, done_at=timezone.now(), thanks="Merci !")
    client.get("/coups-de-pouce/")
    # Everything is kept: the filters' choices, the count, the page and « C'est fait ».
    with django_assert_num_queries(0):
        client.get("/coups-de-pouce/")

    client.force_login(alice)
    client.get("/coups-de-pouce/")
    # 1. session, 2. account: whether alice blocked anyone or was blocked and her own coups de
    # pouce are kept for her, and the layout's unread messages and suspension under her own stamp.
    with django_assert_num_queries(2):
        page = board(client)
    assert page.count('class="card card--theme help-card') == count + 1
