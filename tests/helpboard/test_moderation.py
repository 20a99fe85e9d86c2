"""Reports and moderation of the board, as in the forum: members report, the moderation and the
referents in scope (thème or territory) hide coups de pouce and handle reports in the admin; new
accounts publish less."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from helpboard.models import Help, Report
from helpboard.services import NEW_ACCOUNT_DAILY_HELPS
from tests.conftest import make_user
from tests.factories.helpboard import HelpFactory, ReportFactory
from tests.factories.profiles import UserFactory, profile_for
from tousvoisins.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def helps():
    """An emploi ask in Nantes, a logement ask in Saint-Nazaire (CARENE) and a logement offer in
    Guérande (Cap Atlantique)."""
    logement = Theme.objects.get(slug="logement")
    return {
        "emploi": HelpFactory(text="Je cherche quelqu'un pour relire mon CV."),
        "logement": HelpFactory(text="Je cherche de l'aide pour déménager.", theme=logement, insee="44184"),
        "cap": HelpFactory(
            kind=Help.Kind.OFFER, text="Je propose un coup de main au jardin.", theme=logement, insee="44069"
        ),
    }


# Reports from the site ---------------------------------------------------------------------------


def test_a_member_reports_a_coup_de_pouce_and_nobody_is_told_who(client, bob, helps):
    client.force_login(bob)
    url = f"/coups-de-pouce/{helps['emploi'].pk}/signaler/"

    page = client.get(url).content.decode()
    response = client.post(url, {"reason": Report.Reason.SPAM, "details": "Une arnaque."})

    assert "Signaler un coup de pouce" in page
    assert "Je cherche quelqu&#x27;un pour relire mon CV." in page
    assert response.status_code == 302
    assert response["Location"] == helps["emploi"].get_absolute_url()
    report = Report.objects.get()
    assert (report.reporter, report.help, report.reason, report.status) == (
        bob,
        helps["emploi"],
        "publicite",
        Report.Status.NEW,
    )
    assert mail.outbox == []  # the moderation is told by the periodic job, in one e-mail


def test_a_report_needs_a_reason_said_next_to_the_field(client, bob, helps):
    client.force_login(bob)

    response = client.post(f"/coups-de-pouce/{helps['emploi'].pk}/signaler/", {"details": "gardé"})

    assert response.status_code == 200
    assert "Choisissez une raison." in response.content.decode()
    assert not Report.objects.exists()


def test_reporting_needs_an_account_and_not_ones_own(client, alice):
    help = HelpFactory(author=alice)

    assert client.get(f"/coups-de-pouce/{help.pk}/signaler/").status_code == 302
    client.force_login(alice)
    assert client.get(f"/coups-de-pouce/{help.pk}/signaler/").status_code == 404


def test_the_moderation_and_the_themes_referents_are_emailed_the_new_reports(
    moderator, thematic_referent, helps, django_capture_on_commit_callbacks
):
    ReportFactory(help=helps["emploi"])
    ReportFactory(help=helps["logement"])

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_report_notifications", stdout=io.StringIO())

    by_address = {email.to[0]: email.body for email in mail.outbox}
    assert "Coup de pouce « Je cherche quelqu'un pour relire mon CV. »" in by_address["mona@exemple.fr"]
    assert "déménager" in by_address["mona@exemple.fr"]
    assert "relire mon CV" in by_address["charlie@exemple.fr"]
    assert "déménager" not in by_address["charlie@exemple.fr"]


# Hiding ------------------------------------------------------------------------------------------


def test_a_hidden_coup_de_pouce_leaves_the_board_but_its_author_still_sees_it(client, alice, bob):
    help = HelpFactory(
        author=alice, text="Un coup de pouce contraire à la charte.", hidden=True, hidden_reason="publicité"
    )

    assert "contraire à la charte" not in client.get("/coups-de-pouce/").content.decode()
    client.force_login(bob)
    assert client.get(help.get_absolute_url()).status_code == 404
    client.force_login(alice)
    page = client.get(help.get_absolute_url()).content.decode()
    assert "Ce coup de pouce est masqué par la modération : publicité." in page


def test_a_thematic_referent_lists_and_hides_only_the_coups_de_pouce_of_their_themes(
    client, thematic_referent, helps
):
    client.force_login(thematic_referent)

    html = client.get("/admin/helpboard/help/").content.decode()
    client.post(
        "/admin/helpboard/help/",
        {"action": "hide", "_selected_action": [helps["emploi"].pk, helps["logement"].pk]},
    )
    other = client.get(f"/admin/helpboard/help/{helps['logement'].pk}/change/", follow=True)

    assert "relire mon CV" in html and "déménager" not in html
    assert Help.objects.get(pk=helps["emploi"].pk).hidden
    assert Help.objects.get(pk=helps["emploi"].pk).hidden_reason == "contraire à la charte"
    assert not Help.objects.get(pk=helps["logement"].pk).hidden
    assert other.redirect_chain == [("/admin/", 302)]


def test_a_territory_referent_hides_those_of_their_territory_only(client, cap_referent, helps):
    client.force_login(cap_referent)

    html = client.get("/admin/helpboard/help/").content.decode()
    response = client.post(
        f"/admin/helpboard/help/{helps['cap'].pk}/change/",
        {"hidden": "on", "hidden_reason": "adresse donnée"},
    )
    client.post("/admin/helpboard/help/", {"action": "hide", "_selected_action": [helps["emploi"].pk]})

    assert "jardin" in html and "relire mon CV" not in html
    assert response.status_code == 302
    cap = Help.objects.get(pk=helps["cap"].pk)
    assert (cap.hidden, cap.hidden_reason) == (True, "adresse donnée")
    assert not Help.objects.get(pk=helps["emploi"].pk).hidden
    board = client.get("/coups-de-pouce/").content.decode().split('id="en-cours"')[1]
    assert "jardin" not in board


def test_a_referent_handles_only_the_reports_in_scope(client, thematic_referent, helps):
    emploi = ReportFactory(help=helps["emploi"])
    logement = ReportFactory(help=helps["logement"])
    client.force_login(thematic_referent)

    html = client.get("/admin/helpboard/report/").content.decode()
    response = client.post(
        "/admin/helpboard/report/",
        {"action": "hide_and_handle", "_selected_action": [emploi.pk, logement.pk]},
        follow=True,
    )

    assert "relire mon CV" in html and "déménager" not in html
    assert "1 coup(s) de pouce masqué(s), 1 signalement(s) traité(s)." in response.content.decode()
    emploi.refresh_from_db()
    logement.refresh_from_db()
    assert emploi.status == Report.Status.HANDLED and emploi.handled_by == thematic_referent
    assert emploi.help.hidden
    assert logement.status == Report.Status.NEW and not logement.help.hidden


def test_a_moderator_sees_every_report_and_no_address(client, moderator, helps):
    ReportFactory(help=helps["emploi"], reporter=profile_for(UserFactory(), display_name="Rita").user)
    ReportFactory(help=helps["cap"])
    client.force_login(moderator)

    html = client.get("/admin/helpboard/report/").content.decode()

    assert "relire mon CV" in html and "jardin" in html
    assert "Rita" in html
    assert "@exemple.fr" not in html


@pytest.mark.parametrize(
    ("path", "factory", "queries"),
    [
        # 1 session, 2 account, 3-4 permissions, 5 groups (moderator?), 6-7 the thèmes and
        # intercommunalités of the filters, 8 count, 9 the rows with their thème and territory,
        # 10-11 the date hierarchy.
        ("/admin/helpboard/help/", HelpFactory, 11),
        # 1 session, 2 account, 3-4 permissions, 5 groups, 6 count, 7 the reports with their
        # coup de pouce and reporter's profile, 8-9 the date hierarchy.
        ("/admin/helpboard/report/", ReportFactory, 9),
    ],
)
def test_the_admin_lists_make_the_same_queries_whatever_their_size(
    client, moderator, path, factory, queries, django_assert_num_queries
):
    factory()
    client.force_login(moderator)
    with django_assert_num_queries(queries):
        client.get(path)
    for _ in range(6):
        factory()
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200


def test_members_have_no_board_admin(client, member):
    client.force_login(member)

    response = client.get("/admin/helpboard/help/")

    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/helpboard/help/")


# New accounts ------------------------------------------------------------------------------------


def _publish(client, text):
    return client.post(
        "/coups-de-pouce/publier/",
        {
            "kind": "cherche",
            "theme": Theme.objects.get(slug="emploi").pk,
            "text": text,
            "commune_name": "Nantes",
            "until": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
    )


def test_a_new_account_publishes_two_a_day_and_is_told_why_with_its_text_kept(client):
    newcomer = profile_for(UserFactory(username="nouveau", date_joined=timezone.now())).user
    client.force_login(newcomer)

    for number in range(NEW_ACCOUNT_DAILY_HELPS):
        assert _publish(client, f"Je cherche un coup de main numéro {number}.").status_code == 302
    response = _publish(client, "Un troisième coup de pouce gardé.")

    assert response.status_code == 403
    page = response.content.decode()
    assert "Pendant sa première semaine, un compte peut publier 2 coups de pouce par jour" in page
    assert "Un troisième coup de pouce gardé." in page
    assert Help.objects.count() == NEW_ACCOUNT_DAILY_HELPS


def test_an_older_account_is_not_limited_to_two(client):
    member = profile_for(UserFactory(username="ancien")).user
    client.force_login(member)

    for number in range(NEW_ACCOUNT_DAILY_HELPS + 1):
        assert _publish(client, f"Je cherche un coup de main numéro {number}.").status_code == 302


def test_a_suspended_member_cannot_publish(client, alice, moderator):
    from accounts.models import Suspension

    Suspension.objects.create(
        user=alice, reason="Publicité", ends_at=timezone.now() + timedelta(days=3), created_by=moderator
    )
    client.force_login(alice)

    assert _publish(client, "Je cherche un coup de main, suspendue.").status_code == 403
    assert not Help.objects.exists()


def test_unverified_addresses_cannot_publish(client):
    user = make_user("pasverifie", verified=False)
    client.force_login(user)

    _publish(client, "Je cherche un coup de main sans adresse vérifiée.")

    assert not Help.objects.exists()


def test_a_new_account_answers_as_many_as_it_may_start_conversations(client):
    newcomer = profile_for(UserFactory(username="nouvelle", date_joined=timezone.now())).user
    helps = [HelpFactory(author=profile_for(UserFactory()).user) for _ in range(4)]
    client.force_login(newcomer)

    statuses = [
        client.post(f"/coups-de-pouce/{help.pk}/repondre/", {"body": "Je peux vous aider."}).status_code
        for help in helps
    ]

    assert statuses == [302, 302, 302, 403]
    last = client.post(f"/coups-de-pouce/{helps[3].pk}/repondre/", {"body": "Texte gardé."}).content.decode()
    assert "Pendant sa première semaine, un compte peut en commencer 3 par jour" in last
    assert "Texte gardé." in last
