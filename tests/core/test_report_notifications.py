"""Item 6: every kind of report (a forum post, a private message, a profile) reaches the people
who handle it the same way: the periodic job send_report_notifications sends each of them one
e-mail listing the new reports of their scope, and nothing more on the next run."""

import io

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from accounts.models import MODERATION, THEMATIC_REFERENTS
from forum.models import Report as PostReport
from profiles.models import Report as MemberReport
from tests.conftest import make_user
from tests.factories.forum import PostFactory, TopicFactory
from tests.factories.profiles import conversation_between

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing_referent(db):
    return make_user("lea", group=THEMATIC_REFERENTS, themes=["logement"])


@pytest.fixture
def posts():
    return {
        "emploi": PostFactory(topic=TopicFactory(category="emploi", title="Un atelier CV"), body="Pub !"),
        "logement": PostFactory(
            topic=TopicFactory(category="logement", title="Une colocation"), body="Arnaque"
        ),
    }


def report_all_kinds(client, member, bob, posts):
    """A member reports, from the site, a post in Emploi and one in Logement, a private message
    and a profile; returns the four reports."""
    client.force_login(member)
    for post in posts.values():
        response = client.post(f"/forum/message/{post.pk}/signaler/", {"reason": "harcelement"})
        assert response.status_code == 302
    conversation = conversation_between(bob, member, "Message déplaisant")
    message = conversation.messages.get()
    assert (
        client.post(
            f"/messages/{conversation.pk}/signaler/{message.pk}/", {"reason": "publicite"}
        ).status_code
        == 302
    )
    assert client.post("/membres/bob/signaler/", {"reason": "faux-profil"}).status_code == 302
    return {
        "emploi": PostReport.objects.get(post=posts["emploi"]),
        "logement": PostReport.objects.get(post=posts["logement"]),
        "message": MemberReport.objects.get(message=message),
        "profile": MemberReport.objects.get(message=None),
    }


def admin_link(report):
    opts = report._meta
    return f"{settings.SITE_URL.rstrip('/')}/admin/{opts.app_label}/{opts.model_name}/{report.pk}/change/"


def run_job(capture):
    mail.outbox.clear()
    with capture(execute=True):
        call_command("send_report_notifications", stdout=io.StringIO())
    return {tuple(email.to): email for email in mail.outbox}


def test_reports_send_no_email_one_by_one(
    client, member, bob, posts, moderator, thematic_referent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report_all_kinds(client, member, bob, posts)

    assert mail.outbox == []


def test_each_person_in_scope_gets_one_email_listing_their_reports(
    client,
    member,
    bob,
    posts,
    moderator,
    thematic_referent,
    housing_referent,
    nantes_referent,
    django_capture_on_commit_callbacks,
):
    reports = report_all_kinds(client, member, bob, posts)

    sent = run_job(django_capture_on_commit_callbacks)

    # The moderation, the referent of Emploi, the referent of Logement; nobody else.
    assert set(sent) == {("mona@exemple.fr",), ("charlie@exemple.fr",), ("lea@exemple.fr",)}
    to_moderator = sent[("mona@exemple.fr",)]
    assert to_moderator.subject == "[Tous voisins 44] 4 nouveaux signalements à traiter"
    assert to_moderator.body.startswith("Bonjour mona,\n\nLes membres ont fait 4 signalements")
    for report in reports.values():
        assert admin_link(report) in to_moderator.body
    assert (
        "- Message du forum, sujet « Un atelier CV » : insultes, menaces ou harcèlement" in to_moderator.body
    )
    assert "- Message privé : publicité, arnaque ou démarchage" in to_moderator.body
    assert "- Profil d'un membre : faux profil ou usurpation" in to_moderator.body
    # What was reported or said stays in the administration.
    assert "déplaisant" not in to_moderator.body and "Pub !" not in to_moderator.body

    to_emploi = sent[("charlie@exemple.fr",)]
    assert to_emploi.subject == "[Tous voisins 44] 1 nouveau signalement à traiter"
    assert admin_link(reports["emploi"]) in to_emploi.body
    assert all(admin_link(reports[kind]) not in to_emploi.body for kind in ("logement", "message", "profile"))
    to_logement = sent[("lea@exemple.fr",)]
    assert admin_link(reports["logement"]) in to_logement.body
    assert admin_link(reports["emploi"]) not in to_logement.body


def test_running_the_job_again_sends_nothing_then_only_the_new_reports(
    client, member, bob, posts, moderator, thematic_referent, django_capture_on_commit_callbacks
):
    reports = report_all_kinds(client, member, bob, posts)
    run_job(django_capture_on_commit_callbacks)
    for report in reports.values():
        report.refresh_from_db()
        assert report.notified_at is not None

    assert run_job(django_capture_on_commit_callbacks) == {}

    client.force_login(member)
    client.post("/membres/bob/signaler/", {"reason": "autre", "details": "Encore lui"})
    sent = run_job(django_capture_on_commit_callbacks)
    assert set(sent) == {("mona@exemple.fr",)}  # a profile: the moderation only
    newest = MemberReport.objects.get(reason="autre")
    assert admin_link(newest) in sent[("mona@exemple.fr",)].body
    assert admin_link(reports["profile"]) not in sent[("mona@exemple.fr",)].body


def test_reports_handled_before_the_job_are_not_sent(
    client, member, bob, posts, moderator, django_capture_on_commit_callbacks
):
    reports = report_all_kinds(client, member, bob, posts)
    client.force_login(moderator)
    client.post(
        "/admin/forum/report/", {"action": "mark_handled", "_selected_action": [reports["emploi"].pk]}
    )

    sent = run_job(django_capture_on_commit_callbacks)

    body = sent[("mona@exemple.fr",)].body
    assert "3 signalements" in body
    assert admin_link(reports["emploi"]) not in body


def test_a_moderator_who_is_also_a_referent_gets_each_report_once(
    client, member, bob, posts, django_capture_on_commit_callbacks
):
    both = make_user("sam", group=MODERATION, themes=["emploi"])
    both.groups.add(both.groups.model.objects.get(name=THEMATIC_REFERENTS))
    reports = report_all_kinds(client, member, bob, posts)

    sent = run_job(django_capture_on_commit_callbacks)

    [email] = sent.values()
    assert email.body.count(admin_link(reports["emploi"])) == 1
    assert "4 signalements" in email.body


def test_without_a_moderator_account_the_configured_addresses_get_everything(
    client, member, bob, posts, thematic_referent, django_capture_on_commit_callbacks, settings
):
    settings.MODERATION_EMAILS = ["moderation@exemple.fr"]
    reports = report_all_kinds(client, member, bob, posts)

    sent = run_job(django_capture_on_commit_callbacks)

    assert set(sent) == {("moderation@exemple.fr",), ("charlie@exemple.fr",)}
    assert sent[("moderation@exemple.fr",)].body.startswith("Bonjour,\n\n")
    assert all(admin_link(report) in sent[("moderation@exemple.fr",)].body for report in reports.values())


def test_the_job_is_scheduled_every_15_minutes_and_listed_in_the_readme(settings):
    readme = (settings.BASE_DIR / "README.md").read_text()

    assert settings.PERIODIC_JOBS["send_report_notifications"] == 15 * 60
    assert "| `manage.py send_report_notifications` |" in readme
