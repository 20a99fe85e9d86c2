"""The second factor: required for moderators before the admin and the moderation pages, offered
to referents; sign-in with the authenticator app's code and with single-use recovery codes."""

import json
import re
import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.admin.models import LogEntry

from accounts.personal_data import export_user_data
from accounts.second_factor import session_used_second_factor
from tests.conftest import PASSWORD
from tests.factories.forum import TopicFactory

ACTIVATE = "/comptes/2fa/totp/activate/"
AUTHENTICATE = "/comptes/2fa/authenticate/"
REAUTHENTICATE = "/comptes/2fa/reauthenticate/"


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    settings.MODERATORS_NEED_SECOND_FACTOR = True


def totp_code(secret, at=None):
    """What the authenticator app shows, computed like allauth does (RFC 6238, 30 s steps)."""
    return format_hotp_value(hotp_value(secret, int(at if at is not None else time.time()) // 30))


def with_app(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def sign_in(client, user):
    return client.post("/comptes/login/", {"login": user.email, "password": PASSWORD})


def test_a_moderator_without_the_app_is_sent_to_set_it_up_with_an_explanation(client, moderator):
    sign_in(client, moderator)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[0] == (ACTIVATE, 302)
    page = response.content.decode()
    assert "Vous êtes modérateur ou modératrice" in page
    assert "application d&#x27;authentification" in page
    # allauth asks for the password again before adding a second factor (within 5 minutes of it).
    assert "Confirmer votre mot de passe" in page
    response = client.post(response.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert "Activer la double vérification" in response.content.decode()


def test_a_moderator_sets_up_the_app_then_reaches_the_admin(
    client, moderator, django_capture_on_commit_callbacks
):
    sign_in(client, moderator)
    client.post("/comptes/reauthenticate/", {"password": PASSWORD})
    page = client.get(ACTIVATE).content.decode()
    secret = re.search(r'<code id="authenticator-secret">([A-Z2-7]+)</code>', page).group(1)

    wrong = client.post(ACTIVATE, {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "Code incorrect" in wrong.content.decode()

    response = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists()
    codes_page = client.get(response["Location"])
    assert "Codes de secours" in codes_page.content.decode()
    # In a test, allauth's "authenticator added" signal waits for a commit that never comes (see
    # the next test for what it does): here the moderator confirms with the next code.
    with time_machine.travel(time.time() + 31, tick=False):
        client.post(REAUTHENTICATE, {"code": totp_code(secret)})
        assert client.get("/admin/").status_code == 200


def test_activating_the_app_counts_as_using_it_for_this_session(rf, moderator):
    """allauth sends authenticator_added after the commit, while the request is still running."""
    from allauth.mfa.signals import authenticator_added
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get(ACTIVATE)
    request.user, request.session = moderator, SessionStore()
    assert not session_used_second_factor(request)
    with_app(moderator)
    authenticator = Authenticator.objects.get(user=moderator)
    authenticator_added.send(
        sender=Authenticator, request=request, user=moderator, authenticator=authenticator
    )
    assert session_used_second_factor(request)


def test_signing_in_asks_for_the_code_and_lets_the_moderator_in(client, moderator):
    secret = with_app(moderator)
    response = sign_in(client, moderator)
    assert response.status_code == 302
    assert response["Location"] == AUTHENTICATE
    page = client.get(AUTHENTICATE).content.decode()
    assert "Code de vérification" in page
    assert "codes de secours" in page

    refused = client.post(AUTHENTICATE, {"code": "12345"})
    assert "Code incorrect" in refused.content.decode()
    assert "_auth_user_id" not in client.session

    response = client.post(AUTHENTICATE, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(moderator.pk)
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(client, moderator):
    with_app(moderator)
    codes = RecoveryCodes.activate(moderator).generate_codes()

    sign_in(client, moderator)
    assert client.post(AUTHENTICATE, {"code": codes[0]}).status_code == 302
    assert client.session["_auth_user_id"] == str(moderator.pk)
    assert client.get("/admin/").status_code == 200

    client.post("/comptes/logout/")
    sign_in(client, moderator)
    again = client.post(AUTHENTICATE, {"code": codes[0]})
    assert again.status_code == 200
    assert "Code incorrect" in again.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.post(AUTHENTICATE, {"code": codes[1]}).status_code == 302


def test_the_admin_sign_in_form_alone_is_not_enough(client, moderator):
    """The admin's own form asks only for the password: the moderator confirms a code first."""
    secret = with_app(moderator)
    response = client.post("/admin/login/", {"username": moderator.username, "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTHENTICATE)
    page = client.get(response["Location"]).content.decode()
    assert "Confirmer avec votre code" in page

    with time_machine.travel(time.time() + 31, tick=False):
        confirmed = client.post(REAUTHENTICATE, {"code": totp_code(secret), "next": "/admin/"})
        assert confirmed.status_code == 302
        assert client.get("/admin/").status_code == 200


def test_moderation_on_the_site_needs_the_second_factor_too(client, moderator):
    topic = TopicFactory()
    sign_in(client, moderator)
    response = client.post(f"/forum/sujet/{topic.pk}/moderer/", {"action": "fermer"})
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE
    topic.refresh_from_db()
    assert not topic.locked
    assert not LogEntry.objects.exists()


def test_a_referent_is_offered_it_not_forced(client, thematic_referent):
    sign_in(client, thematic_referent)
    response = client.get("/admin/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Protéger mon compte par une double vérification" in page
    assert "/comptes/2fa/" in page

    account = client.get("/comptes/2fa/").content.decode()
    assert "Vous êtes référent ou référente : nous vous la conseillons" in account
    assert "Activer la double vérification" in account


def test_a_referent_with_the_app_sees_no_offer(client, thematic_referent):
    with_app(thematic_referent)
    client.force_login(thematic_referent)
    page = client.get("/admin/").content.decode()
    assert "Protéger mon compte par une double vérification" not in page


def test_members_are_not_asked(client, member):
    sign_in(client, member)
    assert client.get("/").status_code == 200
    assert client.get("/admin/").status_code == 302  # the admin's own sign-in, as before


def test_the_download_says_a_second_factor_is_set_up_never_its_secret(client, moderator):
    secret = with_app(moderator)
    codes = RecoveryCodes.activate(moderator).generate_codes()
    part = export_user_data(moderator)["double_verification"]
    assert len(part) == 2
    exported = json.dumps(part, default=str)
    assert secret not in exported
    assert not any(code in exported for code in codes)
