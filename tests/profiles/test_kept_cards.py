"""Members' cards kept once for everyone (profiles.cards): each viewer still sees only their own
"(vous aussi)", their own matches, and a change of a profile shows on the next request."""

import pytest
from django.test import Client

from profiles.models import Tag
from tests.conftest import make_user
from tests.factories.profiles import ProfileFactory, block, bulk_members, profile_for
from tests.profiles.test_pages import profile_data

pytestmark = pytest.mark.django_db

SHARED = '<span class="tag tag--shared">{}<span class="visually-hidden"> (vous aussi)</span></span>'
NOT_SHARED = '<span class="tag">{}</span>'


def _html(response):
    assert response.status_code == 200
    return response.content.decode()


def _card(html, username):
    """The card of /membres/<username>/ in a list, or '' when it is not there."""
    start = html.find(f'<a href="/membres/{username}/">')
    if start == -1:
        return ""
    return html[html.rfind("<li", 0, start) : html.find("</li>", start)]


@pytest.fixture
def paul(db):
    return ProfileFactory(user=make_user("paul"), display_name="Paul", interests=["cuisiner", "jardinage"])


@pytest.fixture
def two_clients(member, other_member):
    """Alice likes cooking, Bob gardening: one client each, signed in."""
    profile_for(member, display_name="Alice", interests=["cuisiner"], skills=["couture"])
    profile_for(other_member, display_name="Bob", interests=["jardinage"], wishes=["couture"])
    alice_client, bob_client = Client(), Client()
    alice_client.force_login(member)
    bob_client.force_login(other_member)
    return alice_client, bob_client


def test_each_member_sees_only_their_own_shared_interests_on_a_kept_card(paul, two_clients):
    alice_client, bob_client = two_clients

    alice_card = _card(_html(alice_client.get("/membres/")), "paul")
    bob_card = _card(_html(bob_client.get("/membres/")), "paul")  # the card kept for Alice's
    alice_again = _card(_html(alice_client.get("/membres/")), "paul")

    assert SHARED.format("cuisiner") in alice_card
    assert NOT_SHARED.format("jardinage") in alice_card
    assert SHARED.format("jardinage") in bob_card
    assert NOT_SHARED.format("cuisiner") in bob_card
    assert alice_again == alice_card
    assert "\0" not in alice_card + bob_card


def test_a_member_never_sees_their_own_card_nor_the_others_state(paul, two_clients):
    alice_client, bob_client = two_clients

    alice_html = _html(alice_client.get("/membres/"))
    bob_html = _html(bob_client.get("/membres/"))

    assert not _card(alice_html, "alice") and _card(alice_html, "bob")
    assert not _card(bob_html, "bob") and _card(bob_html, "alice")
    # Bob's card on Alice's list: gardening, which she does not share.
    assert NOT_SHARED.format("jardinage") in _card(alice_html, "bob")
    assert "(vous aussi)" not in _card(bob_html, "alice")


def test_my_matches_show_each_member_their_own_shared_words(paul, two_clients):
    alice_client, bob_client = two_clients

    alice_html = _html(alice_client.get("/mon-profil/rencontres/"))
    bob_html = _html(bob_client.get("/mon-profil/rencontres/"))
    alice_home = _html(alice_client.get("/"))
    bob_home = _html(bob_client.get("/"))

    assert "Vous aimez tous les deux : <strong>cuisiner</strong>" in _card(alice_html, "paul")
    assert "Vous aimez tous les deux : <strong>jardinage</strong>" in _card(bob_html, "paul")
    # Bob can teach Alice nothing, she can teach him sewing.
    assert "Aimerait apprendre : <strong>couture</strong>" in _card(alice_html, "bob")
    assert "Peut vous apprendre : <strong>couture</strong>" in _card(bob_html, "alice")
    assert "cuisiner" not in bob_html and "jardinage" not in alice_html
    assert "Vous aimez tous les deux : <strong>cuisiner</strong>" in _card(alice_home, "paul")
    # Served again from what is kept for each of them: still their own.
    assert (
        _html(alice_client.get("/mon-profil/rencontres/")).split("<main")[1] == alice_html.split("<main")[1]
    )
    assert _card(_html(bob_client.get("/")), "paul") == _card(bob_home, "paul")
    assert "Vous aimez tous les deux : <strong>jardinage</strong>" in _card(bob_home, "paul")


def test_a_changed_name_and_interests_show_at_once_on_the_members_list(client, paul, two_clients):
    alice_client, _ = two_clients
    assert "Paul" in _card(_html(alice_client.get("/membres/")), "paul")
    client.force_login(paul.user)

    client.post("/mon-profil/", profile_data(display_name="Paulo", interests_other="cuisiner, tricot"))
    card = _card(_html(alice_client.get("/membres/")), "paul")

    assert ">Paulo</a>" in card
    assert SHARED.format("cuisiner") in card
    assert NOT_SHARED.format("tricot") in card
    assert "jardinage" not in card


def test_a_hidden_profile_leaves_the_members_list_at_once(client, paul, two_clients):
    alice_client, _ = two_clients
    assert _card(_html(alice_client.get("/membres/")), "paul")
    client.force_login(paul.user)

    client.post("/mon-profil/", profile_data(display_name="Paul", visibility="masquee"))

    assert not _card(_html(alice_client.get("/membres/")), "paul")


def test_a_closed_account_and_a_block_leave_the_lists_at_once(paul, two_clients, member, other_member):
    alice_client, bob_client = two_clients
    assert _card(_html(alice_client.get("/membres/")), "paul")
    assert _card(_html(bob_client.get("/membres/")), "alice")

    paul.user.delete()
    block(member, other_member)

    assert not _card(_html(alice_client.get("/membres/")), "paul")
    assert not _card(_html(bob_client.get("/membres/")), "alice")
    assert not _card(_html(bob_client.get("/mon-profil/rencontres/")), "alice")


def test_a_renamed_word_shows_at_once_on_the_cards(paul, two_clients):
    alice_client, _ = two_clients
    _html(alice_client.get("/membres/"))

    tag = Tag.objects.get(name="jardinage")
    tag.name = "potager"
    tag.save()

    assert NOT_SHARED.format("potager") in _card(_html(alice_client.get("/membres/")), "paul")


@pytest.mark.parametrize("count", [3, 30])
def test_a_kept_members_page_reads_no_interests(client, member, count, django_assert_num_queries):
    profile_for(member, interests=["loisir 0"])
    bulk_members(count)
    client.force_login(member)
    client.get("/membres/")  # the cards are kept

    # 1. session, 2. user: once warm, the listed ids (kept for everyone), what this member leaves
    # out and their interests (kept for them), the cards and the filters' choices are all kept
    # (profiles.listing), and so are the layout's suspension and unread messages (under the
    # member's own stamp)
    with django_assert_num_queries(2):
        html = _html(client.get("/membres/"))
    assert html.count('class="card member-card"') == min(count, 20)
    assert html.count("tag tag--shared") == min(count, 20)  # each has "loisir 0" or "loisir 1"…


@pytest.mark.parametrize("count", [15, 30])
def test_kept_match_cards_cost_no_query_of_their_own(client, member, count, django_assert_num_queries):
    profile_for(member, interests=["loisir 0"], skills=["loisir 1"], wishes=["loisir 0"])
    bulk_members(count)
    client.force_login(member)
    client.get("/mon-profil/rencontres/")

    # 1. session, 2. user: the layout's suspension and unread messages are kept under the member's
    # own stamp, the lists for the member (profiles.cards.kept_for_member)
    with django_assert_num_queries(2):
        html = _html(client.get("/mon-profil/rencontres/"))
    assert html.count('class="card member-card"') == 3 * 12


def test_a_new_member_a_closed_account_and_a_new_word_show_at_once_in_my_matches(client, paul, member):
    profile_for(member, display_name="Alice", interests=["cuisiner"])
    client.force_login(member)
    assert _card(_html(client.get("/mon-profil/rencontres/")), "paul")

    ProfileFactory(user=make_user("zoe"), display_name="Zoé", interests=["cuisiner"])
    paul.user.is_active = False
    paul.user.save()
    html = _html(client.get("/mon-profil/rencontres/"))

    assert "Vous aimez tous les deux : <strong>cuisiner</strong>" in _card(html, "zoe")
    assert not _card(html, "paul")


def test_my_own_new_interest_shows_at_once_in_my_matches(client, paul, member):
    profile_for(member, display_name="Alice", interests=["cuisiner"])
    client.force_login(member)
    _html(client.get("/mon-profil/rencontres/"))

    client.post("/mon-profil/", profile_data(display_name="Alice", interests_other="cuisiner, jardinage"))
    card = _card(_html(client.get("/mon-profil/rencontres/")), "paul")

    assert "Vous aimez tous les deux : <strong>cuisiner, jardinage</strong>" in card


def test_a_sign_in_does_not_renew_the_members_stamp(member):
    from django.contrib.auth.signals import user_logged_in

    from tousvoisins import content_stamp

    before = content_stamp.stamp("members")
    user_logged_in.send(sender=member.__class__, request=None, user=member)  # writes last_login

    assert content_stamp.stamp("members") == before


def test_the_kept_filters_never_carry_someone_else_s_search(paul, two_clients):
    alice_client, bob_client = two_clients
    _html(bob_client.get("/membres/"))  # the filters without a search, kept

    searched = _html(alice_client.get("/membres/?interet=cuisiner&theme=emploi"))
    plain = _html(bob_client.get("/membres/"))

    assert 'value="cuisiner"' in searched
    assert '<option value="emploi" selected>' in searched
    assert 'value="cuisiner"' not in plain
    assert '<option value="emploi" selected>' not in plain
    assert _card(plain, "paul")


def test_a_renamed_theme_shows_at_once_in_the_kept_filters(client, member):
    from tousvoisins.models import Theme

    client.force_login(member)
    _html(client.get("/membres/"))
    theme = Theme.objects.get(slug="emploi")
    theme.name = "Travail"
    theme.save()

    assert '<option value="emploi">Travail</option>' in _html(client.get("/membres/?page=1"))


@pytest.mark.parametrize("count", [1, 4])
def test_kept_coups_de_pouce_read_nothing_more_and_follow_their_author(
    client, member, count, django_assert_num_queries
):
    from tests.factories.helpboard import HelpFactory

    profile_for(member, skills=["couture"])
    helps = [
        HelpFactory(text=f"Je cherche qui m'apprend à coudre, numéro {n}.", words=["couture"])
        for n in range(count)
    ]
    client.force_login(member)
    _html(client.get("/mon-profil/rencontres/"))

    # 1. session, 2. user (the layout's suspension and unread messages are kept under the
    # member's own stamp)
    with django_assert_num_queries(2):
        html = _html(client.get("/mon-profil/rencontres/"))
    assert html.count("vous savez : couture") == count

    helps[0].delete()
    assert _html(client.get("/mon-profil/rencontres/")).count("vous savez : couture") == count - 1
