"""Accounts through the site: sign-up with the charter, e-mail check, sign-in and out, passwords,
no way to learn who has an account, rate limits, and the charter accepted again when it changes."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path

from accounts import charter
from accounts.adapters import username_base
from accounts.models import User
from tests.conftest import PASSWORD, make_user

NEW_PASSWORD = "un autre mot de passe 44"

pytestmark = pytest.mark.django_db


def publish(request):
    # Stands for any page a member sends something with (a forum reply, an event proposal).
    return HttpResponse(f"Reçu : {request.POST.get('texte', '')}")


# Tests marked with this module's URLs get one such page beside the whole site.
urlpatterns = [
    path("essai/publier/", publish),
    path("", include(settings.ROOT_URLCONF)),
]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # allauth counts attempts in the cache, which outlives a test.
    cache.clear()


@pytest.fixture
def send_mail_now(django_capture_on_commit_callbacks):
    """E-mails leave on commit; the test's transaction never commits, so run them now."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def sign_up(client, send_mail_now, email="jean-pierre.dupont@exemple.fr", **overrides):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD, "charter": "on", **overrides}
    with send_mail_now():
        return client.post("/comptes/signup/", data)


def link_in(message):
    return re.search(r"https?://[^\s]+", message.body).group(0)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def test_it_signs_up_checks_the_address_and_signs_in(client, send_mail_now):
    page = client.get("/comptes/signup/")
    assert "<title>Créer un compte — Tous voisins 44</title>" in page.text
    assert "J&#x27;ai lu et j&#x27;accepte la charte de Tous voisins 44" in page.text
    assert 'href="/charte/"' in page.text

    response = sign_up(client, send_mail_now)

    assert response.status_code == 302
    assert response.url == "/comptes/confirm-email/"
    assert "Vérifiez votre boîte e-mail" in client.get(response.url).text
    user = User.objects.get(email="jean-pierre.dupont@exemple.fr")
    assert user.charter_version == charter.CHARTER_VERSION
    assert user.charter_accepted_at is not None
    assert not EmailAddress.objects.get(user=user).verified
    [message] = mail.outbox
    assert message.to == ["jean-pierre.dupont@exemple.fr"]
    assert message.subject == "[Tous voisins 44] Confirmez votre adresse e-mail"
    assert "Bienvenue sur Tous voisins 44" in message.body

    confirm_path = path_of(link_in(message))
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert "<title>Confirmer votre adresse e-mail — Tous voisins 44</title>" in page.text
    assert not EmailAddress.objects.get(user=user).verified  # a GET confirms nothing
    assert client.post(confirm_path).status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    browser = Client()
    response = browser.post(
        "/comptes/login/", {"login": "jean-pierre.dupont@exemple.fr", "password": PASSWORD}
    )
    assert response.status_code == 302
    home = browser.get("/")
    assert home.wsgi_request.user == user
    assert "Se déconnecter" in home.text


def test_it_refuses_a_sign_up_without_the_charter_and_keeps_what_was_typed(client, send_mail_now):
    response = sign_up(client, send_mail_now, email="lea@exemple.fr", charter="")

    assert response.status_code == 200
    assert "<title>Erreur — Créer un compte — Tous voisins 44</title>" in response.text
    assert 'role="alert"' in response.text
    error = re.search(r'<ul class="errorlist" id="id_charter_error">(.*?)</ul>', response.text, re.S)
    assert "Cochez cette case pour accepter la charte" in error.group(1)
    assert 'aria-describedby="id_charter_helptext id_charter_error"' in response.text
    assert 'value="lea@exemple.fr"' in response.text
    assert not User.objects.filter(email="lea@exemple.fr").exists()
    assert mail.outbox == []


def test_it_gives_a_readable_username_that_does_not_show_the_address(client, send_mail_now):
    sign_up(client, send_mail_now, email="Jean-Pierre.Dupont@exemple.fr")
    sign_up(client, send_mail_now, email="jean.martin@exemple.fr")

    usernames = sorted(User.objects.values_list("username", flat=True))
    assert all(re.fullmatch(r"jean-\d{4}", name) for name in usernames)
    assert usernames[0] != usernames[1]
    assert username_base("12345@exemple.fr") == "voisin"
    assert username_base("élodie_44@exemple.fr") == "elodie"


def test_it_keeps_an_unchecked_address_out_and_sends_the_link_again(client, send_mail_now):
    make_user("lucie", verified=False)

    with send_mail_now():
        response = client.post("/comptes/login/", {"login": "lucie@exemple.fr", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == "/comptes/confirm-email/"
    assert not client.get("/").wsgi_request.user.is_authenticated
    [message] = mail.outbox
    assert message.to == ["lucie@exemple.fr"]
    assert message.subject == "[Tous voisins 44] Confirmez votre adresse e-mail"


def test_it_says_in_french_when_the_password_is_wrong(client, member):
    response = client.post("/comptes/login/", {"login": "alice@exemple.fr", "password": "pas le bon"})

    assert response.status_code == 200
    assert "<title>Erreur — Se connecter — Tous voisins 44</title>" in response.text
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in response.text
    assert 'value="alice@exemple.fr"' in response.text


def test_it_resets_a_forgotten_password(client, member, send_mail_now):
    with send_mail_now():
        response = client.post("/comptes/password/reset/", {"email": "alice@exemple.fr"})

    assert response.url == "/comptes/password/reset/done/"
    [message] = mail.outbox
    assert message.to == ["alice@exemple.fr"]
    assert message.subject == "[Tous voisins 44] Choisir un nouveau mot de passe"
    form_page = client.get(path_of(link_in(message)), follow=True)
    assert "<title>Choisir un nouveau mot de passe — Tous voisins 44</title>" in form_page.text
    response = client.post(
        form_page.wsgi_request.path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.url == "/comptes/password/reset/key/done/"

    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    again = Client().post("/comptes/login/", {"login": "alice@exemple.fr", "password": NEW_PASSWORD})
    assert again.status_code == 302


def test_it_refuses_a_used_reset_link(client, member, send_mail_now):
    with send_mail_now():
        client.post("/comptes/password/reset/", {"email": "alice@exemple.fr"})
    link = path_of(link_in(mail.outbox[0]))
    form_page = client.get(link, follow=True)
    client.post(form_page.wsgi_request.path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    page = Client().get(link)

    assert "<title>Lien expiré — Tous voisins 44</title>" in page.text
    assert "Ce lien ne marche plus" in page.text


def test_it_changes_the_password_of_a_signed_in_member(client, member):
    client.force_login(member)
    page = client.get("/comptes/password/change/")
    assert "<title>Changer de mot de passe — Tous voisins 44</title>" in page.text

    response = client.post(
        "/comptes/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/comptes/password/change/"  # "Mon compte", with the message
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert "Votre mot de passe est changé." in client.get("/").text


def test_it_signs_out_only_by_post(client, member):
    client.force_login(member)

    page = client.get("/comptes/logout/")
    assert "<title>Se déconnecter — Tous voisins 44</title>" in page.text
    assert page.wsgi_request.user.is_authenticated

    response = client.post("/comptes/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_it_answers_the_same_to_a_reset_for_a_known_or_unknown_address(member, send_mail_now):
    with send_mail_now():
        known = Client().post("/comptes/password/reset/", {"email": "alice@exemple.fr"})
        unknown = Client().post("/comptes/password/reset/", {"email": "personne@exemple.fr"})

    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert Client().get(known.url).text == Client().get(unknown.url).text
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "alice@exemple.fr": "[Tous voisins 44] Choisir un nouveau mot de passe",
        "personne@exemple.fr": "[Tous voisins 44] Aucun compte avec cette adresse",
    }


def test_it_answers_the_same_to_a_sign_up_with_a_taken_address(member, send_mail_now):
    taken_browser, new_browser = Client(), Client()
    taken = sign_up(taken_browser, send_mail_now, email="alice@exemple.fr")
    new = sign_up(new_browser, send_mail_now, email="nouvelle@exemple.fr")

    assert (taken.status_code, taken.url) == (new.status_code, new.url) == (302, "/comptes/confirm-email/")
    # The next page only differs by the address the person typed themselves.
    taken_page = taken_browser.get(taken.url).text.replace("alice@exemple.fr", "ADRESSE")
    assert taken_page == new_browser.get(new.url).text.replace("nouvelle@exemple.fr", "ADRESSE")
    assert User.objects.filter(email="alice@exemple.fr").count() == 1
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "alice@exemple.fr": "[Tous voisins 44] Vous avez déjà un compte",
        "nouvelle@exemple.fr": "[Tous voisins 44] Confirmez votre adresse e-mail",
    }


def test_it_stops_guessing_a_password_after_five_failures(client, member):
    for _ in range(5):
        client.post("/comptes/login/", {"login": "alice@exemple.fr", "password": "pas le bon"})

    # Even the right password is refused for a while.
    response = client.post("/comptes/login/", {"login": "alice@exemple.fr", "password": PASSWORD})

    assert response.status_code == 200
    assert "Trop de tentatives de connexion échouées" in response.text
    assert not response.wsgi_request.user.is_authenticated


def test_it_answers_a_flood_of_sign_ins_with_a_french_page(client, db):
    limit = int(settings.ACCOUNT_RATE_LIMITS["login"].split("/")[0])
    for number in range(limit):
        client.post("/comptes/login/", {"login": f"essai{number}@exemple.fr", "password": "x"})

    response = client.post("/comptes/login/", {"login": "encore@exemple.fr", "password": "x"})

    assert response.status_code == 429
    assert "<title>Trop de tentatives — Tous voisins 44</title>" in response.text
    assert "Attendez quelques minutes, puis réessayez." in response.text


@pytest.mark.parametrize(
    "path",
    ["/", "/comptes/email/", "/comptes/password/change/", "/comptes/logout/", "/comptes/charte/"],
)
def test_it_never_shows_the_address_of_another_member(client, member, other_member, path):
    client.force_login(member)

    page = client.get(path)

    assert page.status_code == 200
    assert "bob@exemple.fr" not in page.text
    assert re.search(r"<title>[^<]+ — Tous voisins 44</title>", page.text)
    assert page.text.count("<h1") == 1


def test_it_lists_only_the_members_own_addresses(client, member):
    client.force_login(member)

    page = client.get("/comptes/email/")

    assert "<title>Adresses e-mail — Tous voisins 44</title>" in page.text
    assert "alice@exemple.fr" in page.text
    assert "confirmée" in page.text


# The charter accepted again when it changes.

CURRENT_VERSION = charter.CHARTER_VERSION
NEXT_VERSION = CURRENT_VERSION + datetime.timedelta(days=30)


@pytest.fixture
def charter_moves_forward(monkeypatch):
    monkeypatch.setattr(charter, "CHARTER_VERSION", NEXT_VERSION)


def accepted_member():
    return make_user("claire", charter_version=CURRENT_VERSION)


@pytest.mark.urls(__name__)
def test_it_lets_a_member_who_accepted_the_current_charter_publish(client, db):
    client.force_login(accepted_member())

    response = client.post("/essai/publier/", {"texte": "Bonjour"})

    assert response.status_code == 200
    assert response.text == "Reçu : Bonjour"


@pytest.mark.urls(__name__)
def test_it_asks_for_the_new_charter_before_publishing_and_keeps_the_text(client, db, charter_moves_forward):
    member = accepted_member()
    client.force_login(member)
    assert client.get("/").status_code == 200  # reading needs nothing

    response = client.post("/essai/publier/", {"texte": "Bonjour à tous\nà mardi"})

    assert response.status_code == 403
    assert "<title>Charte à accepter — Tous voisins 44</title>" in response.text
    assert "La charte de Tous voisins 44 a changé." in response.text
    assert '<input type="hidden" name="texte" value="Bonjour à tous\nà mardi">' in response.text
    assert 'action="/essai/publier/"' in response.text
    member.refresh_from_db()
    assert member.charter_version == CURRENT_VERSION

    # Sent again without the box ticked: asked again, with the error next to the box.
    response = client.post("/essai/publier/", {"texte": "Bonjour", "charte-shown": "1"})
    assert response.status_code == 403
    assert "Cochez cette case pour accepter la charte" in response.text

    response = client.post(
        "/essai/publier/", {"texte": "Bonjour à tous", "charte-shown": "1", "charte-accept": "on"}
    )
    assert response.status_code == 200
    assert response.text == "Reçu : Bonjour à tous"
    member.refresh_from_db()
    assert member.charter_version == NEXT_VERSION
    assert client.post("/essai/publier/", {"texte": "Encore"}).text == "Reçu : Encore"


@pytest.mark.urls(__name__)
def test_it_asks_a_member_who_never_accepted_the_charter(client, db):
    member = make_user("sans-charte", charter_version=None)
    client.force_login(member)

    response = client.post("/essai/publier/", {"texte": "Bonjour"})

    assert response.status_code == 403
    assert "il faut d'abord accepter la charte" in response.text


def test_it_records_the_new_charter_on_the_account_page(client, db, charter_moves_forward):
    member = accepted_member()
    client.force_login(member)
    page = client.get("/comptes/charte/?next=/forum/")
    assert "<title>Charte à accepter — Tous voisins 44</title>" in page.text
    assert 'name="next" value="/forum/"' in page.text

    refused = client.post("/comptes/charte/", {"next": "/forum/"})
    assert "Cochez cette case pour accepter la charte" in refused.text

    response = client.post("/comptes/charte/", {"next": "/forum/", "charte-accept": "on"})

    assert response.status_code == 302
    assert response.url == "/forum/"
    member.refresh_from_db()
    assert member.charter_version == NEXT_VERSION
    assert "<title>Charte acceptée — Tous voisins 44</title>" in client.get("/comptes/charte/").text


def test_it_never_sends_a_member_elsewhere_after_the_charter(client, member):
    client.force_login(member)

    response = client.post("/comptes/charte/", {"next": "https://ailleurs.example/", "charte-accept": "on"})

    assert response.url == "/"


def test_it_asks_visitors_to_sign_in_before_the_charter_page(client, db):
    response = client.get("/comptes/charte/")

    assert response.status_code == 302
    assert response.url.startswith("/comptes/login/")


@pytest.mark.parametrize("path", ["/comptes/login/", "/comptes/signup/", "/comptes/password/reset/"])
def test_it_asks_for_an_adresse_e_mail_in_residents_words(client, db, path):
    response = client.get(path)
    assert "Adresse e-mail" in response.text
    assert "Courriel" not in response.text
