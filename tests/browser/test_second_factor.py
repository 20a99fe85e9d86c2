"""The second-factor pages (allauth.mfa, in the site's own templates) in a real browser: axe-core
and the house rules on each, through the whole story — set up the app, see the recovery codes,
sign in again with a recovery code."""

import time

import pytest

from tests.conftest import PASSWORD
from tests.factories.profiles import profile_for

from . import checks
from .browsing import sign_in
from .pages import Page

pytestmark = pytest.mark.browser


def totp_code(secret):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def submit(page, button):
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def test_the_second_factor_pages_are_accessible(page, browser_member, console_messages, failed_responses):
    profile_for(browser_member, display_name="Alice")

    def check(path, title):
        checks.assert_accessible(page, Page(path, title), console_messages, failed_responses)

    sign_in(page, browser_member)
    page.goto("/comptes/2fa/")
    check("/comptes/2fa/", "Double vérification")

    # allauth asks for the password again before a second factor is added.
    page.goto("/comptes/2fa/totp/activate/")
    page.locator("input[name=password]").fill(PASSWORD)
    submit(page, "Confirmer")
    check("/comptes/2fa/totp/activate/", "Activer la double vérification")
    secret = page.locator("#authenticator-secret").inner_text()

    submit(page, "Activer")  # no code: the error is said next to the field
    check("/comptes/2fa/totp/activate/", "Erreur — Activer la double vérification")

    page.get_by_label("Code à 6 chiffres").fill(totp_code(secret))
    submit(page, "Activer")
    check("/comptes/2fa/recovery-codes/", "Codes de secours")
    recovery_code = page.locator("main li code").first.inner_text()

    page.goto("/comptes/2fa/recovery-codes/generate/")
    check("/comptes/2fa/recovery-codes/generate/", "Créer de nouveaux codes de secours")
    page.goto("/comptes/2fa/totp/deactivate/")
    check("/comptes/2fa/totp/deactivate/", "Désactiver la double vérification")
    page.goto("/comptes/2fa/reauthenticate/")
    check("/comptes/2fa/reauthenticate/", "Confirmer avec votre code")

    # Signing in again: the password, then the code page (with its error state), then a recovery code.
    page.context.clear_cookies()
    sign_in(page, browser_member)
    check("/comptes/2fa/authenticate/", "Code de vérification")
    page.get_by_label("Code de vérification").fill("000")
    submit(page, "Se connecter")
    check("/comptes/2fa/authenticate/", "Erreur — Code de vérification")
    page.get_by_label("Code de vérification").fill(recovery_code)
    submit(page, "Se connecter")
    assert "/comptes/" not in page.url
