"""Writing to a referent: stored, e-mailed to them without showing their address, acknowledged,
rate-limited."""

from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from accounts.models import Suspension
from referents.models import ReferentMessage
from tests.conftest import make_user
from tests.factories.referents import ReferentFactory

pytestmark = pytest.mark.django_db

VISITOR = {
    "name": "Jeanne",
    "email": "jeanne.martin@exemple.org",
    "message": "Bonjour, je cherche un atelier pour écrire mon CV près de Rezé.",
    "website": "",
}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # Rate-limit counters live in the (locmem) cache: each test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def referent(db):
    return ReferentFactory(public_name="Sophie", user=make_user("sophie"))


@pytest.fixture
def post(client, referent, django_capture_on_commit_callbacks):
    """POST to the referent's page and run the e-mails queued on commit, as a real request would."""

    def _post(data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/referents/{referent.pk}/", data, **extra)

    return _post


def _html(response):
    return unescape(response.content.decode())


def test_a_visitor_writes_to_a_referent_who_gets_it_by_email_without_their_address_shown(post, referent):
    response = post(VISITOR)

    assert response.status_code == 302
    assert response["Location"] == f"/referents/{referent.pk}/message-envoye/"
    stored = ReferentMessage.objects.get()
    assert (stored.referent, stored.sender, stored.name, stored.email) == (
        referent,
        None,
        "Jeanne",
        "jeanne.martin@exemple.org",
    )
    assert stored.message == VISITOR["message"]
    to_referent, acknowledgement = mail.outbox
    assert to_referent.to == ["sophie@exemple.fr"]
    assert to_referent.reply_to == ["jeanne.martin@exemple.org"]
    assert to_referent.subject == "[Tous voisins 44] Un message pour vous, de Jeanne"
    assert VISITOR["message"] in to_referent.body
    assert "répondez simplement à cet e-mail" in to_referent.body
    assert f"/admin/referents/referentmessage/{stored.pk}/change/" in to_referent.body
    assert acknowledgement.to == ["jeanne.martin@exemple.org"]
    assert acknowledgement.subject == "[Tous voisins 44] Votre message à Sophie est bien parti"
    # The referent's address appears nowhere the sender sees, and the acknowledgement does not
    # repeat the message (the form cannot send any text to any address).
    assert "sophie@exemple.fr" not in acknowledgement.body
    assert VISITOR["message"] not in acknowledgement.body
    assert acknowledgement.reply_to == []


def test_the_thank_you_page_says_what_happens_next(client, post, referent):
    response = client.get(post(VISITOR)["Location"])

    html = _html(response)
    assert "<title>Message envoyé à Sophie — Tous voisins 44</title>" in html
    assert "Sophie a reçu votre message et vous répondra par e-mail." in html
    assert "sophie@exemple.fr" not in html


def test_a_signed_in_member_writes_without_typing_an_address(client, post, member, referent):
    client.force_login(member)

    response = post({"name": "Alice", "message": "Bonjour Sophie !", "website": ""})

    assert response.status_code == 302
    assert response["Location"] == f"/referents/{referent.pk}/message-envoye/"
    stored = ReferentMessage.objects.get()
    assert (stored.sender, stored.email) == (member, "alice@exemple.fr")
    assert mail.outbox[0].reply_to == ["alice@exemple.fr"]
    assert mail.outbox[1].to == ["alice@exemple.fr"]


def test_a_signed_in_member_sees_no_address_field(client, referent, member):
    client.force_login(member)

    html = _html(client.get(f"/referents/{referent.pk}/"))

    assert 'name="email"' not in html
    assert "la réponse arrivera à l'adresse e-mail de votre compte" in html
    assert "alice@exemple.fr" not in html


def test_mistakes_are_explained_beside_each_field_and_the_text_is_kept(post):
    response = post({"name": "", "email": "jeanne@", "message": "Mon message à garder", "website": ""})

    html = _html(response)
    assert response.status_code == 200
    assert "<title>Erreur — Sophie, référent thématique — Tous voisins 44</title>" in html
    assert "Écrivez votre nom ou votre prénom, pour que le référent sache qui lui écrit." in html
    assert "Cette adresse e-mail n'est pas valide." in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert "Mon message à garder</textarea>" in html
    assert 'value="jeanne@"' in html
    assert not ReferentMessage.objects.exists()
    assert not mail.outbox


def test_a_robot_filling_the_hidden_field_gets_the_same_answer_and_nothing_is_sent(post, referent):
    response = post({**VISITOR, "website": "http://spam.example"})

    assert response.status_code == 302
    assert response["Location"] == f"/referents/{referent.pk}/message-envoye/"
    assert not ReferentMessage.objects.exists()
    assert not mail.outbox


def test_the_hidden_field_is_hidden_by_css_and_out_of_the_tab_order(client, referent):
    html = _html(client.get(f"/referents/{referent.pk}/"))

    field = html.split('<div class="hp">', 1)[1].split("</div>", 1)[0]
    assert 'name="website"' in field
    assert 'tabindex="-1"' in field


def test_a_visitor_is_limited_per_connection_with_a_clear_message_keeping_the_text(post, referent):
    sent = f"/referents/{referent.pk}/message-envoye/"
    for _ in range(6):
        response = post(VISITOR)
        assert (response.status_code, response["Location"]) == (302, sent)

    response = post({**VISITOR, "message": "Mon septième message"})

    html = _html(response)
    assert response.status_code == 429
    assert "Votre message n'est pas parti." in html
    assert "Attendez une heure, puis envoyez-le de nouveau." in html
    assert "Mon septième message</textarea>" in html
    assert ReferentMessage.objects.count() == 6


def test_a_member_is_limited_per_account_even_from_several_connections(client, post, member, referent):
    sent = f"/referents/{referent.pk}/message-envoye/"
    client.force_login(member)
    data = {"name": "Alice", "message": "Bonjour", "website": ""}
    for number in range(4):
        response = post(data, REMOTE_ADDR=f"10.0.0.{number}")
        assert (response.status_code, response["Location"]) == (302, sent)

    response = post({**data, "message": "Mon cinquième message"}, REMOTE_ADDR="10.0.0.99")

    html = _html(response)
    assert response.status_code == 429
    assert "<title>Erreur — Sophie, référent thématique — Tous voisins 44</title>" in html
    assert "Votre message n'est pas parti." in html
    assert "depuis votre connexion ou votre compte en peu de temps" in html
    assert "Attendez une heure, puis envoyez-le de nouveau." in html
    assert "Mon cinquième message</textarea>" in html
    assert ReferentMessage.objects.count() == 4
    assert len(mail.outbox) == 8  # two e-mails for each message that left, none for the fifth


def test_a_member_is_also_limited_per_connection(client, post, member, other_member, referent):
    sent = f"/referents/{referent.pk}/message-envoye/"
    # A library's shared computer: two accounts, one connection, six messages in all.
    for index in range(6):
        user = member if index % 2 else other_member
        client.force_login(user)
        response = post({"name": user.username, "message": "Bonjour", "website": ""})
        assert (response.status_code, response["Location"]) == (302, sent)
    client.force_login(member)

    response = post({"name": "Alice", "message": "Encore", "website": ""})

    assert response.status_code == 429
    assert ReferentMessage.objects.count() == 6


def test_a_visitor_is_counted_by_the_address_seen_by_our_own_proxy(post, settings, referent):
    sent = f"/referents/{referent.pk}/message-envoye/"
    # Behind the load balancer, REMOTE_ADDR is the balancer's: each visitor keeps their own limit.
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(6):
        response = post(VISITOR, HTTP_X_FORWARDED_FOR="203.0.113.1", REMOTE_ADDR="10.0.0.1")
        assert (response.status_code, response["Location"]) == (302, sent)
    assert post(VISITOR, HTTP_X_FORWARDED_FOR="203.0.113.1", REMOTE_ADDR="10.0.0.1").status_code == 429

    response = post(VISITOR, HTTP_X_FORWARDED_FOR="203.0.113.2", REMOTE_ADDR="10.0.0.1")

    assert response.status_code == 302
    assert response["Location"] == sent


def test_invalid_attempts_do_not_count_towards_the_limit(post, referent):
    for _ in range(10):
        post({**VISITOR, "email": "pas-une-adresse"})

    response = post(VISITOR)
    assert (response.status_code, response["Location"]) == (302, f"/referents/{referent.pk}/message-envoye/")


def test_a_referent_without_an_address_gets_their_messages_through_the_moderators(post, referent, moderator):
    referent.user.email = ""
    referent.user.save()

    post(VISITOR)

    assert mail.outbox[0].to == ["mona@exemple.fr"]


def test_a_suspended_member_cannot_write(client, referent, member):
    Suspension.objects.create(
        user=member, reason="Messages insultants.", ends_at=timezone.now() + timedelta(days=3)
    )
    client.force_login(member)

    page = _html(client.get(f"/referents/{referent.pk}/"))
    response = client.post(
        f"/referents/{referent.pk}/", {"name": "Alice", "message": "Bonjour", "website": ""}
    )

    assert "vous ne pouvez pas écrire aux référents" in page
    assert 'name="message"' not in page
    assert response.status_code == 403
    assert not ReferentMessage.objects.exists()


def test_no_page_of_the_contact_flow_shows_the_referents_address(client, post, referent, member):
    """The form, its errors, the rate-limit answer and the thank-you page, for a visitor and a member."""
    other = ReferentFactory(public_name="Karim", user=make_user("karim"))
    hidden = [referent.user.email, other.user.email, member.email]
    pages = []
    for signed_in in (False, True):
        if signed_in:
            cache.clear()
            client.force_login(member)
        data = {"name": "Alice", "message": "Bonjour", "website": ""}
        if not signed_in:
            data["email"] = "jeanne@exemple.org"
        pages.append(client.get(f"/referents/{referent.pk}/"))
        pages.append(post({**data, "message": ""}))  # an error beside the field
        sent = post(data)
        pages.append(client.get(sent["Location"]))
        for _ in range(6):
            limited = post(data)
        assert limited.status_code == 429
        pages.append(limited)
    for response in pages:
        html = _html(response)
        assert not [address for address in hidden if address in html], response.request["PATH_INFO"]
        assert "mailto:" not in html
    # The referent's address travels only in the e-mail's envelope, to them.
    assert all(referent.user.email not in message.body for message in mail.outbox)
