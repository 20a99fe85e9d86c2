import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from accounts.models import MODERATION, Suspension
from pages.models import ContactMessage
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

VALID = {
    "subject": "probleme",
    "name": "Jeanne Martin",
    "email": "jeanne.martin@exemple.fr",
    "message": "Le bouton « je participe » ne marche pas sur mon téléphone.",
    "page_url": "/agenda/",
    "website": "",
}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # Rate-limit counters live in the (locmem) cache: each test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST to /contact/ and run the e-mails queued on commit, as a real request would."""

    def _post(data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/contact/", data, **extra)

    return _post


def _html(response):
    return response.content.decode()


def test_it_shows_the_form_with_required_fields_marked_in_words(client):
    html = _html(client.get("/contact/"))

    assert '<form method="post" action="/contact/"' in html
    assert '<legend>Sujet de votre message <span class="required">(obligatoire)</span></legend>' in html
    assert (
        '<label for="id_email">Votre adresse e-mail <span class="required">(obligatoire)</span></label>'
        in html
    )
    assert '<label for="id_page_url">Page concernée (facultatif)</label>' in html
    assert 'aria-describedby="id_email_helptext"' in html


def test_it_preselects_the_subject_from_the_address(client):
    html = _html(client.get("/contact/?sujet=accessibilite"))

    assert re.search(r'<input type="radio" name="subject" value="accessibilite"[^>]* checked', html)


def test_it_prefills_name_and_email_for_a_signed_in_member(client, member):
    client.force_login(member)

    html = _html(client.get("/contact/"))

    assert 'value="alice@exemple.fr"' in html
    assert 'value="alice"' in html


def test_it_stores_the_message_and_emails_the_moderators(post, moderator):
    make_user("marc", group=MODERATION)
    make_user("ancien", group=MODERATION, is_active=False)
    make_user("zoe")  # a member, not a moderator

    response = post(VALID)

    assert response.status_code == 302
    assert response["Location"] == "/contact/merci/"
    message = ContactMessage.objects.get()
    assert message.subject == "probleme"
    assert message.email == "jeanne.martin@exemple.fr"
    assert message.page_url == "/agenda/"
    assert message.user is None
    assert not message.handled
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["marc@exemple.fr", "mona@exemple.fr"]
    assert sent.reply_to == ["jeanne.martin@exemple.fr"]
    assert "Signaler un problème sur le site" in sent.subject
    assert "Le bouton « je participe » ne marche pas sur mon téléphone." in sent.body
    assert f"/admin/pages/contactmessage/{message.pk}/change/" in sent.body


def test_it_emails_the_configured_addresses_when_no_moderator_has_an_account(post, settings):
    settings.MODERATION_EMAILS = ["moderation@exemple.fr"]

    post(VALID)

    assert [m.to for m in mail.outbox] == [["moderation@exemple.fr"]]


def test_it_thanks_the_sender_without_showing_any_address(client, post, moderator, settings):
    response = post(VALID)
    page = _html(client.get(response["Location"]))
    form = _html(client.get("/contact/"))

    assert "Merci, votre message est bien parti" in page
    for html in (page, form):
        assert "mona@exemple.fr" not in html
        for address in settings.MODERATION_EMAILS:
            assert address not in html


def test_it_links_the_message_to_the_signed_in_member(client, post, member):
    client.force_login(member)

    post({**VALID, "email": member.email})

    assert ContactMessage.objects.get().user == member


def test_it_lets_a_suspended_member_write_to_the_moderators(client, post, member):
    Suspension.objects.create(
        user=member, reason="Propos blessants.", ends_at=timezone.now() + datetime.timedelta(days=7)
    )
    client.force_login(member)

    response = post({**VALID, "subject": "autre", "message": "Je voudrais comprendre ma suspension."})

    assert response.status_code == 302
    assert response["Location"] == "/contact/merci/"
    assert ContactMessage.objects.get().message == "Je voudrais comprendre ma suspension."
    assert len(mail.outbox) == 1


def test_it_explains_missing_fields_next_to_them_and_keeps_what_was_typed(post):
    response = post({"subject": "", "name": "Jeanne", "email": "", "message": "", "page_url": "/forum/"})

    assert response.status_code == 200
    html = _html(response)
    assert "<title>Erreur — Contact : nous écrire — Tous voisins 44</title>" in html
    assert "Votre message n'est pas encore parti." in html
    assert (
        '<ul class="errorlist" id="id_email_error"><li><span class="errorlist__prefix">Erreur :</span> '
        "Écrivez votre adresse e-mail pour que nous puissions vous répondre.</li></ul>"
    ) in html
    assert re.search(r'<input type="email" name="email"[^>]*aria-invalid="true"', html)
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert '<fieldset aria-describedby="id_subject_error">' in html
    # Each radio button too: some screen readers never read the fieldset's description.
    assert re.search(
        r'<input type="radio" name="subject" value="question"[^>]*aria-describedby="id_subject_error"', html
    )
    assert "Choisissez le sujet de votre message." in html
    assert '<ul class="errorlist" id="id_message_error">' in html
    assert "Écrivez votre message." in html
    assert 'value="Jeanne"' in html
    assert 'value="/forum/"' in html
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_it_refuses_a_bad_email_address_and_keeps_the_message(post):
    response = post({**VALID, "email": "jeanne.exemple.fr"})

    html = _html(response)
    assert response.status_code == 200
    assert "Cette adresse e-mail n&#x27;est pas valide." in html
    assert 'value="jeanne.exemple.fr"' in html
    assert "Le bouton « je participe » ne marche pas sur mon téléphone.</textarea>" in html
    assert not ContactMessage.objects.exists()


def test_it_hides_the_honeypot_from_people(client):
    html = _html(client.get("/contact/"))

    assert re.search(r'<div class="hp">\s*<label for="id_website">Ne remplissez pas ce champ</label>', html)
    assert re.search(r'<input type="text" name="website"[^>]*tabindex="-1"', html)


def test_it_drops_a_message_whose_honeypot_is_filled(post):
    response = post({**VALID, "website": "http://promo.example"})

    assert response.status_code == 302
    assert response["Location"] == "/contact/merci/"  # as if it were sent
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_it_slows_down_a_sender_after_five_messages_in_an_hour(post):
    for _ in range(5):
        response = post(VALID)
        assert (response.status_code, response["Location"]) == (302, "/contact/merci/")

    response = post({**VALID, "message": "Un sixième message, gardé tel quel."})

    assert response.status_code == 429
    html = _html(response)
    assert "Votre message n'est pas parti." in html
    assert "Attendez une heure" in html
    assert "Un sixième message, gardé tel quel.</textarea>" in html
    assert ContactMessage.objects.count() == 5
    assert len(mail.outbox) == 5


def test_it_still_shows_the_form_to_a_sender_over_the_limit(client, post):
    for _ in range(6):
        post(VALID)

    assert client.get("/contact/").status_code == 200


def test_it_lists_contact_messages_for_moderators(client, moderator, django_assert_num_queries):
    for name in ("Jeanne", "Paul", "Inès"):
        ContactMessage.objects.create(subject="question", name=name, email="x@exemple.fr", message="Bonjour")
    client.force_login(moderator)

    # 1. session, 2. user, 3. the user's own permissions, 4. their groups' permissions,
    # 5. count (filtered), 6. count (all), 7. the page of messages with their user,
    # 8. first and last dates, 9. the days, both for the date hierarchy
    with django_assert_num_queries(9):
        response = client.get("/admin/pages/contactmessage/")

    assert response.status_code == 200
    assert "Jeanne" in _html(response)


def test_it_lets_moderators_only_mark_a_message_handled(client, moderator):
    message = ContactMessage.objects.create(
        subject="question", name="Jeanne", email="x@exemple.fr", message="Bonjour"
    )
    client.force_login(moderator)

    response = client.post(
        f"/admin/pages/contactmessage/{message.pk}/change/",
        {"handled": "on", "message": "Texte changé", "name": "Autre"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/contactmessage/"
    message.refresh_from_db()
    assert message.handled
    assert message.message == "Bonjour"
    assert message.name == "Jeanne"
    assert client.get("/admin/pages/contactmessage/add/").status_code == 403
