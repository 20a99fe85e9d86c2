"""Someone else's wrong passwords never keep a member out (accounts.known_devices): the lock after
five wrong passwords holds only for the address they came from, and a browser that signed in to
the account before passes it. Through HTTP, with the cache allauth counts in."""

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.known_devices import COOKIE_NAME
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/comptes/login/"
ADDRESS_A = "203.0.113.7"
ADDRESS_B = "198.51.100.23"
LOCKED = "Trop de tentatives de connexion échouées. Veuillez réessayer ultérieurement."
WRONG = "L’adresse e-mail ou le mot de passe sont incorrects."


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def sign_in(client, email, password, address):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address)


def lock_out(email, address=ADDRESS_A):
    attacker = Client()
    for _ in range(5):
        response = sign_in(attacker, email, "pas le bon", address)
        assert WRONG in response.text
    response = sign_in(attacker, email, "pas le bon non plus", address)
    assert LOCKED in response.text


def signed_in(response):
    return response.wsgi_request.user.is_authenticated


def test_wrong_passwords_from_one_address_do_not_stop_the_member_elsewhere(member):
    lock_out(member.email, ADDRESS_A)

    response = sign_in(Client(), member.email, PASSWORD, ADDRESS_B)

    assert response.status_code == 302
    assert signed_in(response)


def test_from_the_same_address_without_the_cookie_the_lock_holds(member):
    lock_out(member.email, ADDRESS_A)

    response = sign_in(Client(), member.email, PASSWORD, ADDRESS_A)

    assert response.status_code == 200
    assert LOCKED in response.text
    assert not signed_in(response)


def test_a_browser_that_signed_in_before_passes_the_lock_from_the_same_address(member):
    browser = Client()
    first = sign_in(browser, member.email, PASSWORD, ADDRESS_A)
    cookie = first.cookies[COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["max-age"] == 365 * 24 * 3600
    browser.post("/comptes/logout/")

    lock_out(member.email, ADDRESS_A)
    response = sign_in(browser, member.email, PASSWORD, ADDRESS_A)

    assert response.status_code == 302
    assert signed_in(response)


def test_the_cookie_is_secure_in_production(member, settings):
    settings.SESSION_COOKIE_SECURE = True

    response = sign_in(Client(), member.email, PASSWORD, ADDRESS_A)

    assert response.cookies[COOKIE_NAME]["secure"]


def test_the_cookie_of_another_account_does_not_help(member, other_member):
    browser = Client()
    assert signed_in(sign_in(browser, other_member.email, PASSWORD, ADDRESS_A))
    browser.post("/comptes/logout/")

    lock_out(member.email, ADDRESS_A)
    response = sign_in(browser, member.email, PASSWORD, ADDRESS_A)

    assert LOCKED in response.text
    assert not signed_in(response)


def test_a_forged_cookie_does_not_help(member):
    browser = Client()
    browser.cookies[COOKIE_NAME] = f"{member.pk}:forged:signature"

    lock_out(member.email, ADDRESS_A)
    response = sign_in(browser, member.email, PASSWORD, ADDRESS_A)

    assert LOCKED in response.text


def test_a_known_browser_still_needs_the_password_and_meets_the_per_address_limit(member):
    browser = Client()
    sign_in(browser, member.email, PASSWORD, ADDRESS_A)
    browser.post("/comptes/logout/")

    wrong = sign_in(browser, member.email, "pas le bon", ADDRESS_A)
    assert WRONG in wrong.text
    assert not signed_in(wrong)
    for _ in range(9):
        sign_in(browser, member.email, "pas le bon", ADDRESS_A)
    # Ten a minute from one address, known browser or not.
    response = sign_in(browser, member.email, PASSWORD, ADDRESS_A)
    assert LOCKED in response.text
    assert not signed_in(response)


def test_two_accounts_signed_in_from_one_browser_are_both_known(member, other_member):
    browser = Client()
    sign_in(browser, member.email, PASSWORD, ADDRESS_A)
    browser.post("/comptes/logout/")
    sign_in(browser, other_member.email, PASSWORD, ADDRESS_A)
    browser.post("/comptes/logout/")

    lock_out(member.email, ADDRESS_A)

    assert signed_in(sign_in(browser, member.email, PASSWORD, ADDRESS_A))


def test_the_personal_data_page_lists_the_cookie_as_necessary(client):
    response = client.get("/donnees-personnelles/")

    assert "<strong>appareil_connu</strong> : posé quand vous vous connectez, gardé un an." in response.text
    assert "Votre mot de passe reste demandé." in response.text


# The admin's own sign-in form -------------------------------------------------------------------

ADMIN_LOGIN = "/admin/login/"


def admin_sign_in(client, password, address):
    data = {"username": "nadia@exemple.fr", "password": password, "next": "/admin/"}
    return client.post(ADMIN_LOGIN, data, REMOTE_ADDR=address)


def test_on_the_admin_form_wrong_passwords_from_one_address_do_not_stop_the_referent_elsewhere(
    nantes_referent,
):
    attacker = Client()
    for _ in range(5):
        assert admin_sign_in(attacker, "devine", ADDRESS_A).status_code == 200
    assert admin_sign_in(attacker, "devine", ADDRESS_A).status_code == 403
    assert admin_sign_in(Client(), PASSWORD, ADDRESS_A).status_code == 403  # same address, no cookie

    response = admin_sign_in(Client(), PASSWORD, ADDRESS_B)

    assert (response.status_code, response.url) == (302, "/admin/")


def test_on_the_admin_form_a_browser_that_signed_in_before_passes_the_lock(nantes_referent):
    browser = Client()
    assert admin_sign_in(browser, PASSWORD, ADDRESS_A).cookies[COOKIE_NAME]["httponly"]
    browser.post("/admin/logout/")
    attacker = Client()
    for _ in range(6):
        admin_sign_in(attacker, "devine", ADDRESS_A)

    response = admin_sign_in(browser, PASSWORD, ADDRESS_A)

    assert (response.status_code, response.url) == (302, "/admin/")
