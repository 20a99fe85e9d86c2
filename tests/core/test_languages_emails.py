"""E-mails in the reader's language: a member's saved language, French for anyone else."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from tests.conftest import make_user
from tests.factories.profiles import conversation_between
from tousvoisins.mail import recipients_language, send_templated_email

pytestmark = pytest.mark.django_db


def send_report_notifications(capture):
    mail.outbox.clear()
    with capture(execute=True):
        call_command("send_report_notifications", stdout=io.StringIO())
    return {tuple(email.to): email for email in mail.outbox}


def report_a_profile(client, member):
    client.force_login(member)
    make_user("bob")
    assert client.post("/membres/bob/signaler/", {"reason": "faux-profil"}).status_code == 302
    client.logout()


def test_a_moderator_who_reads_english_gets_the_reports_email_in_english(
    client, member, django_capture_on_commit_callbacks
):
    moderator = make_user("moderatrice", group="Modération", language="en")
    report_a_profile(client, member)

    email = send_report_notifications(django_capture_on_commit_callbacks)[(moderator.email,)]

    assert email.subject == "[Tous voisins 44] 1 new report to handle"
    assert "A member made a report that you can handle:" in email.body
    assert "Un membre a fait un signalement" not in email.body
    html = email.alternatives[0][0]
    assert '<html lang="en">' in html
    assert "Each link opens the report in the admin" in html


def test_an_arabic_email_is_written_right_to_left(client, member, django_capture_on_commit_callbacks):
    moderator = make_user("moderatrice", group="Modération", language="ar")
    report_a_profile(client, member)

    email = send_report_notifications(django_capture_on_commit_callbacks)[(moderator.email,)]

    assert "Tous voisins 44" in email.subject and "signalement" not in email.subject
    assert '<html lang="ar" dir="rtl">' in email.alternatives[0][0]


def test_a_member_who_reads_french_gets_it_in_french_whatever_the_page_language(
    client, member, django_capture_on_commit_callbacks
):
    moderator = make_user("moderatrice", group="Modération")
    report_a_profile(client, member)
    client.cookies["langue"] = "uk"

    email = send_report_notifications(django_capture_on_commit_callbacks)[(moderator.email,)]

    assert email.subject == "[Tous voisins 44] 1 nouveau signalement à traiter"
    assert "Un membre a fait un signalement que vous pouvez traiter :" in email.body


def test_the_unsubscribe_footer_follows_the_member_language(
    member, other_member, django_capture_on_commit_callbacks
):
    member.language = "uk"
    member.save(update_fields=["language"])
    conversation_between(other_member, member, "Bonjour")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(
            "emails/reports",
            {"name": "Alice", "reports": []},
            to=[member.email],
            subject=lambda: "Тема",
            unsubscribe=(member, "messages"),
        )

    body = mail.outbox[0].body
    assert "Ви отримуєте цей лист" in body
    assert "Vous recevez cet e-mail" not in body


def test_the_language_of_several_addresses(member, other_member):
    member.language = "en"
    member.save(update_fields=["language"])

    assert recipients_language([member.email.upper()]) == "en"
    assert recipients_language(["personne@ailleurs.example"]) == "fr"
    assert recipients_language([member.email, other_member.email]) == "fr"
    assert recipients_language([member.email, "personne@ailleurs.example"]) == "fr"
    assert recipients_language(["x@y.example"], member=member) == "en"
