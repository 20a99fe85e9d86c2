"""The board's cards and filter fields are kept (tousvoisins.fragments): a card changes on the
next request after its coup de pouce changes, and authors' names reach members only."""

import html

import pytest

from helpboard import services
from helpboard.models import Help
from tests.factories.helpboard import HelpFactory
from tests.factories.profiles import ProfileFactory

pytestmark = pytest.mark.django_db


def board(client, query=""):
    response = client.get(f"/coups-de-pouce/{query}")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def author_named(name):
    return ProfileFactory(display_name=name).user


def test_a_help_marked_done_leaves_the_current_list_and_shows_its_thanks(client, member):
    help = HelpFactory(author=member, text="Je cherche quelqu'un pour relire mon CV de cuisinier.")
    assert "jusqu'au" in board(client)

    client.force_login(member)
    response = client.post(f"/coups-de-pouce/{help.pk}/c-est-fait/", {"thanks": "Merci à Karim !"})
    assert response.status_code == 302
    client.logout()
    page = board(client)

    assert "« Merci à Karim ! »" in page
    assert page.count("relire mon CV de cuisinier") == 1  # in "C'est fait !" only


def test_a_hidden_help_leaves_the_list_at_once(client):
    help = HelpFactory(text="Je propose de montrer mon métier de boulanger.")
    assert "métier de boulanger" in board(client)

    services.help_hide(help=help, reason="publicité")

    assert "métier de boulanger" not in board(client)


def test_names_reach_members_only_whoever_filled_the_kept_cards(client, other_member):
    HelpFactory(author=author_named("Karima du Breil"))

    assert "Karima du Breil" not in board(client)
    client.force_login(other_member)
    assert "Karima du Breil" in board(client)
    client.logout()
    assert "Karima du Breil" not in board(client)


def test_a_name_changed_in_a_profile_changes_the_card(client, other_member):
    author = author_named("Karima")
    HelpFactory(author=author)
    client.force_login(other_member)
    assert "Karima" in board(client)

    author.profile.display_name = "Jeanne"
    author.profile.save()

    page = board(client)
    assert "Jeanne" in page and "Karima" not in page


def test_my_own_helps_are_mine_only(client, member, other_member):
    HelpFactory(author=member, text="Je cherche un covoiturage pour Ancenis le lundi.")

    client.force_login(member)
    mine = board(client)
    client.force_login(other_member)
    theirs = board(client)

    assert "Mes coups de pouce" in mine and "Mes coups de pouce" not in theirs


def test_the_kept_filters_show_each_choice(client):
    HelpFactory()

    assert 'value="cherche" selected' not in board(client)
    assert '<option value="cherche" selected>' in board(client, "?sorte=cherche")
    assert '<option value="cherche" selected>' not in board(client, "?sorte=propose")
    assert "Choisissez « Tout »" in board(client, "?sorte=nimporte")


@pytest.mark.parametrize("helps", [2, 12])
def test_the_board_makes_the_same_queries_whatever_the_number_of_helps(
    client, member, helps, django_assert_num_queries
):
    for _ in range(helps):
        HelpFactory()
    HelpFactory(status=Help.Status.DONE, thanks="Merci !")
    # 1-2. the thèmes and intercommunalités of the filters, 3. the count, 4. the page,
    # 5. the "C'est fait" ones
    with django_assert_num_queries(5):
        client.get("/coups-de-pouce/")
    # Then the filters' choices, the count, the page and "C'est fait" are kept: no query at all.
    with django_assert_num_queries(0):
        client.get("/coups-de-pouce/")
