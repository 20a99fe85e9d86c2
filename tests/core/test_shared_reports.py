"""Item 4: one report page (tousvoisins.report_views, templates/reports/report.html) and one list
of reasons (tousvoisins.reports.Reason) for a forum post, a private message and a profile.

Each kind is reported through HTTP by its own French address; the page, its wording, its errors,
its rate limit and where it leads must stay what they were when each app had its own copy."""

import re

import pytest
from django.utils.html import escape

from forum.forms import ReportForm as PostReportForm
from forum.models import Report as PostReport
from profiles.forms import ReportForm as MemberReportForm
from profiles.models import Report as MemberReport
from tests.factories.forum import PostFactory, TopicFactory
from tests.factories.profiles import conversation_between
from tousvoisins.reports import Reason

# The values stored in both tables since the first migration: they must never change.
STORED_REASONS = ["harcelement", "publicite", "choquant", "donnees", "faux-profil", "autre"]


@pytest.fixture
def post(bob):
    topic = TopicFactory(category="emploi", title="Un atelier CV à Rezé")
    return PostFactory(topic=topic, author=bob, body="Venez avec votre CV imprimé.")


@pytest.fixture
def message(alice, bob):
    return conversation_between(bob, alice, "Achetez mes montres !").messages.get()


def _kinds(post, message):
    """(address, <h1>, <title>, where a filed report leads, the team the page names, quoted text)."""
    conversation_url = f"/messages/{message.conversation_id}/"
    return {
        "post": (
            f"/forum/message/{post.pk}/signaler/",
            "Signaler un message",
            "Signaler un message — Un atelier CV à Rezé",
            post.get_absolute_url(),
            "l'équipe de modération",
            "Venez avec votre CV imprimé.",
        ),
        "message": (
            f"{conversation_url}signaler/{message.pk}/",
            "Signaler un message",
            "Signaler un message",
            conversation_url,
            "l'équipe de modération du Département",
            "Achetez mes montres !",
        ),
        "profile": (
            "/membres/bob/signaler/",
            "Signaler un profil",
            "Signaler un profil",
            "/membres/bob/",  # back to the profile the person was reading
            "l'équipe de modération du Département",
            None,
        ),
    }


def _reports(kind):
    return PostReport.objects.all() if kind == "post" else MemberReport.objects.all()


KINDS = ["post", "message", "profile"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_report_page_shows_the_form_with_its_french_heading(client, alice, post, message, kind):
    url, heading, title, back_url, team, quoted = _kinds(post, message)[kind]
    client.force_login(alice)

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"<title>{title} — Tous voisins 44</title>" in html
    assert f"<h1>{heading}</h1>" in html
    assert f"Votre signalement va à {escape(team)}, et à elle seule." in html
    assert "Bob ne saura pas que ce signalement vient de vous." in html
    assert 'value="faux-profil"' in html and 'value="donnees"' in html
    assert f'<a href="{back_url}">Annuler</a>' in html
    if quoted:
        assert quoted in html
    assert "Envoyer le signalement" in html


@pytest.mark.parametrize("kind", KINDS)
def test_an_empty_report_is_refused_with_the_error_next_to_the_reasons(client, alice, post, message, kind):
    url = _kinds(post, message)[kind][0]
    client.force_login(alice)

    response = client.post(url, {"details": "Je ne sais pas quoi cocher"})

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<title>Erreur — ") == 1
    assert "Votre signalement n'est pas encore parti." in html
    # The message is tied to the reasons' group, which screen readers announce with it.
    assert re.search(r'<fieldset[^>]*aria-describedby="[^"]*id_reason_error', html)
    assert re.search(r'id="id_reason_error"[^>]*>.*Choisissez une raison\.', html, re.S)
    assert "Je ne sais pas quoi cocher</textarea>" in html  # what was written is kept
    assert not _reports(kind).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_a_valid_report_is_stored_and_leads_back_with_thanks(client, alice, bob, post, message, kind):
    url, _, _, back_url, team, _ = _kinds(post, message)[kind]
    client.force_login(alice)

    response = client.post(url, {"reason": "donnees", "details": "Son adresse est écrite."})

    assert response.status_code == 302
    assert response.url == back_url
    report = _reports(kind).get()
    assert (report.reporter, report.reason, report.details, report.status) == (
        alice,
        "donnees",
        "Son adresse est écrite.",
        "nouveau",
    )
    if kind == "post":
        assert report.post == post
    else:
        assert report.reported_user == bob
        assert report.message == (message if kind == "message" else None)
    thanks = client.get(back_url, follow=True).content.decode()
    assert (
        f"Merci. Votre signalement est transmis à {escape(team)}, "
        "qui va le lire. La personne signalée n&#x27;en sait rien."
    ) in thanks


@pytest.mark.parametrize("kind", ["post", "profile"])
def test_the_eleventh_report_in_an_hour_is_held_back_for_that_app_only(client, alice, post, message, kind):
    kinds = _kinds(post, message)
    url, back_url = kinds[kind][0], kinds[kind][3]
    client.force_login(alice)
    for _ in range(10):
        response = client.post(url, {"reason": "autre"})
        assert (response.status_code, response["Location"]) == (302, back_url)

    response = client.post(url, {"reason": "autre", "details": "Encore"})

    assert response.status_code == 429
    html = response.content.decode()
    assert "Vous avez envoyé beaucoup de signalements en peu de temps." in html
    assert "Encore</textarea>" in html
    assert _reports(kind).count() == 10
    # The other app counts its own reports.
    other = kinds["profile" if kind == "post" else "post"]
    response = client.post(other[0], {"reason": "autre"})
    assert (response.status_code, response["Location"]) == (302, other[3])


def test_the_forum_and_the_profiles_offer_the_same_reasons():
    assert PostReport.Reason is MemberReport.Reason is Reason
    assert [value for value, _ in Reason.choices] == STORED_REASONS
    post_choices = list(PostReportForm().fields["reason"].choices)
    member_choices = [choice for choice in MemberReportForm().fields["reason"].choices if choice[0]]
    assert post_choices == member_choices == Reason.choices
    assert PostReport._meta.get_field("reason").choices == MemberReport._meta.get_field("reason").choices


def test_ones_own_post_still_cannot_be_reported(client, alice, post):
    own = PostFactory(topic=post.topic, author=alice)
    client.force_login(alice)

    assert client.get(f"/forum/message/{own.pk}/signaler/").status_code == 403
    assert client.post(f"/forum/message/{own.pk}/signaler/", {"reason": "autre"}).status_code == 403
    assert not PostReport.objects.exists()
