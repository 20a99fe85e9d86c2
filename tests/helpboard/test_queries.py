"""The board's pages make the same number of queries whatever the number of coups de pouce, and
what each member holds there goes with their data (export, erase)."""

import json

import pytest
from django.utils import timezone

from accounts import gdpr
from helpboard.models import Answer, Help, Report
from profiles.models import Conversation
from tests.factories.helpboard import HelpFactory, ReportFactory
from tests.factories.profiles import UserFactory, conversation_between, profile_for

pytestmark = pytest.mark.django_db


def board(count):
    """`count` open coups de pouce by as many members with profiles, and a few done with thanks."""
    for number in range(count):
        author = profile_for(UserFactory(), display_name=f"Voisin {number}").user
        HelpFactory(
            author=author, kind=Help.Kind.OFFER if number % 2 else Help.Kind.ASK, words=["écrire un CV"]
        )
    for _ in range(3):
        HelpFactory(status=Help.Status.DONE, done_at=timezone.now(), thanks="Merci à Karim !")


@pytest.mark.parametrize("count", [8, 16])
def test_the_board_makes_the_same_queries_for_n_and_2n_coups_de_pouce(
    client, count, django_assert_num_queries
):
    board(count)

    # 1. thèmes and 2. intercommunalités of the filters, 3. count, 4. the page's coups de pouce
    # with their thème, place and author, 5. the "C'est fait" section.
    with django_assert_num_queries(5):
        response = client.get("/coups-de-pouce/")
    assert response.content.decode().count('class="card card--theme help-card') == count + 3


@pytest.mark.parametrize("count", [8, 16])
def test_the_filtered_board_signed_in_makes_the_same_queries(client, alice, count, django_assert_num_queries):
    board(count)
    HelpFactory(author=alice, text="Mon propre coup de pouce en cours.")
    client.force_login(alice)

    # 1.-2. thèmes and intercommunalités, 3. session, 4. account, 5. whether alice blocked anyone
    # or was blocked (no: the board everyone sees), 6. count, 7. the page, 8. "C'est fait", 9. my
    # own coups de pouce, 10. unread messages and 11. suspension (layout).
    path = "/coups-de-pouce/?sorte=propose&theme=emploi&territoire=244400404"
    with django_assert_num_queries(11):
        response = client.get(path)
    html = response.content.decode()
    assert html.count('class="card card--theme help-card') == count // 2 + 3 + 1
    assert "Mon propre coup de pouce en cours." in html
    # Warm: 1., 2., 6., 7. and 8. are kept, 5. and 9. for alice alone, and 10. and 11. under her
    # own stamp (the layout).
    with django_assert_num_queries(2):
        again = client.get(path).content.decode()
    assert again.count('class="card card--theme help-card') == count // 2 + 3 + 1


@pytest.mark.parametrize("count", [8, 16])
def test_my_matches_with_coups_de_pouce_make_the_same_queries(
    client, alice, count, django_assert_num_queries
):
    from profiles.models import Tag

    alice.profile.skills.set(Tag.objects.for_labels(["écrire un CV"]))
    board(count)
    client.force_login(alice)

    # 1. session, 2. user, 3. suspension, 4. my tags, commune and kept suggestions, 5. my lists
    # ranked and their ids kept (first visit, profiles.kept_matches), 6. one list read among them
    # (savoirs: the two others have no tags), 7. coups de pouce for my savoirs, 8. their words,
    # 9. unread messages.
    with django_assert_num_queries(9):
        html = client.get("/mon-profil/rencontres/").content.decode()
    section = html.split('id="coups-de-pouce"')[1].split("</section>")[0]
    assert section.count("<strong>Je cherche</strong>") == min(count // 2, 6)  # six at most


def test_a_bad_filter_is_said_beside_its_field_and_ignored(client):
    HelpFactory(text="Je cherche quelqu'un pour relire mon CV.")

    response = client.get("/coups-de-pouce/?sorte=vend&theme=inconnu")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Choisissez « Tout », « Ceux qui cherchent » ou « Ceux qui proposent »." in html
    assert "Ce thème n&#x27;existe pas." in html
    assert "relire mon CV" in html


def test_the_detail_page_makes_few_queries(client, alice, bob, django_assert_num_queries):
    help = HelpFactory(author=alice)
    client.force_login(bob)

    # 1. session, 2. account, 3. its groups (a moderator sees hidden ones), 4. the coup de pouce
    # with its thème, place and author, 5. my conversation with the author, 6. unread messages and
    # 7. suspension (layout).
    with django_assert_num_queries(7):
        assert client.get(help.get_absolute_url()).status_code == 200


# Personal data -----------------------------------------------------------------------------------


def test_a_member_downloads_their_coups_de_pouce_answers_and_reports(alice, bob):
    mine = HelpFactory(author=alice, text="Je cherche quelqu'un pour relire mon CV.", words=["écrire un CV"])
    theirs = HelpFactory(author=bob, kind=Help.Kind.OFFER, text="Je propose de montrer mon métier.")
    Answer.objects.create(
        help=theirs, responder=alice, conversation=conversation_between(alice, bob, "Bonjour")
    )
    ReportFactory(help=theirs, reporter=alice, reason=Report.Reason.OTHER)

    data = json.loads(gdpr.export_json(alice, now=timezone.now()))["helpboard"]

    [help] = data["coups_de_pouce"]
    assert (help["sorte"], help["texte"], help["mots_cles"], help["lieu"]) == (
        "Je cherche",
        "Je cherche quelqu'un pour relire mon CV.",
        ["écrire un CV"],
        "Nantes",
    )
    assert help["adresse_sur_le_site"].endswith(mine.get_absolute_url())
    assert data["reponses_a_des_coups_de_pouce"][0]["coup_de_pouce"] == "Je propose de montrer mon métier."
    assert data["signalements_faits"][0]["raison"] == "Autre raison"


def test_closing_an_account_erases_its_coups_de_pouce_answers_and_reports(alice, bob):
    HelpFactory(author=alice)
    theirs = HelpFactory(author=bob)
    Answer.objects.create(
        help=theirs, responder=alice, conversation=conversation_between(alice, bob, "Bonjour")
    )
    ReportFactory(help=theirs, reporter=alice)

    gdpr.account_close(alice)

    assert list(Help.objects.all()) == [theirs]
    assert not Answer.objects.exists() and not Report.objects.exists()
    assert not Conversation.objects.exists()
