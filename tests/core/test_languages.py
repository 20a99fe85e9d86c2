"""Choosing the language: the header's menu, the cookie, a member's saved language."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tousvoisins.languages import COOKIE_NAME

pytestmark = pytest.mark.django_db


def test_the_header_names_each_language_in_itself_with_links_back_to_the_page(client):
    page = client.get("/agenda/").content.decode()

    assert '<html lang="fr" dir="ltr"' in page
    assert 'href="/langue/en/?suivant=/agenda/" lang="en" hreflang="en" dir="ltr">English</a>' in page
    assert 'lang="ar" hreflang="ar" dir="rtl">العربية</a>' in page
    assert 'lang="uk" hreflang="uk" dir="ltr">Українська</a>' in page
    assert 'lang="fr" hreflang="fr" dir="ltr" aria-current="true">Français</a>' in page


def test_following_a_language_link_sets_the_cookie_and_goes_back_to_the_page(client):
    response = client.get("/langue/en/", {"suivant": "/agenda/?theme=sport"})

    assert response.status_code == 302
    assert response["Location"] == "/agenda/?theme=sport"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax"

    page = client.get("/agenda/").content.decode()
    assert '<html lang="en" dir="ltr"' in page
    assert "Sign in" in page and "Se connecter" not in page
    assert 'lang="en" hreflang="en" dir="ltr" aria-current="true">English</a>' in page


def test_arabic_pages_are_written_right_to_left(client):
    client.get("/langue/ar/")

    page = client.get("/").content.decode()

    assert '<html lang="ar" dir="rtl"' in page
    assert "Se connecter" not in page


@pytest.mark.parametrize(
    "target", ["https://ailleurs.example/", "//ailleurs.example/", "javascript:alert(1)", ""]
)
def test_it_never_sends_the_reader_to_another_site(client, target):
    response = client.get("/langue/uk/", {"suivant": target})

    assert response["Location"] == "/"
    assert response.cookies[COOKIE_NAME].value == "uk"


def test_an_unknown_language_is_not_found(client):
    response = client.get("/langue/de/")

    assert response.status_code == 404
    assert COOKIE_NAME not in response.cookies


def test_a_cookie_with_an_unknown_language_gives_french(client):
    client.cookies[COOKIE_NAME] = "xx"

    assert '<html lang="fr" dir="ltr"' in client.get("/").content.decode()


def test_the_cookie_is_secure_like_the_session_cookie(client, settings):
    settings.SESSION_COOKIE_SECURE = True

    assert client.get("/langue/en/").cookies[COOKIE_NAME]["secure"] is True


def test_a_member_saves_the_language_of_the_site_and_of_the_emails(client, member):
    client.force_login(member)
    page = client.get(reverse("language")).content.decode()
    assert "Langue du site et des e-mails" in page
    assert "Les e-mails que nous vous envoyons seront écrits dans cette langue." in page
    assert '<label for="id_language_2" lang="ar">العربية</label>' in page

    response = client.post(reverse("language"), {"language": "uk"}, follow=True)

    member.refresh_from_db()
    assert member.language == "uk"
    assert client.cookies[COOKIE_NAME].value == "uk"
    page = response.content.decode()
    assert '<html lang="uk" dir="ltr"' in page
    assert "Langue du site et des e-mails" not in page


def test_the_language_page_refuses_an_unknown_language(client, member):
    client.force_login(member)

    response = client.post(reverse("language"), {"language": "de"})

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.language == "fr"


def test_the_language_page_is_for_members(client):
    response = client.get(reverse("language"))

    assert response.status_code == 302
    assert "/comptes/connexion/" in response["Location"] or "login" in response["Location"]


def test_signing_in_without_the_cookie_follows_the_saved_language(client, member):
    member.language = "en"
    member.save(update_fields=["language"])

    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.cookies[COOKIE_NAME].value == "en"


def test_signing_in_keeps_the_language_chosen_on_this_browser(client, member):
    member.language = "en"
    member.save(update_fields=["language"])
    client.cookies[COOKIE_NAME] = "uk"

    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})

    assert COOKIE_NAME not in response.cookies
    assert client.cookies[COOKIE_NAME].value == "uk"


def test_signed_in_members_find_the_language_page_in_the_menu(client, member):
    client.force_login(member)

    assert f'href="{reverse("language")}">Langue des e-mails</a>' in client.get("/").content.decode()


def test_a_cached_french_page_is_never_served_to_an_english_reader(client, settings):
    from pages import page_cache

    settings.PAGE_CACHE_ENABLED = True
    client.get("/agenda/")
    french = client.get("/agenda/")
    assert french[page_cache.HEADER] == "hit"
    assert "Se connecter" in french.content.decode()

    client.cookies[COOKIE_NAME] = "en"
    english = client.get("/agenda/")

    assert english[page_cache.HEADER] == "miss"
    assert "Se connecter" not in english.content.decode() and "Sign in" in english.content.decode()
    assert client.get("/agenda/")[page_cache.HEADER] == "hit"  # the English page is kept too


def test_the_scripts_words_come_from_the_javascript_catalogue_in_the_page_language(client):
    page = client.get("/agenda/carte/").content.decode()
    assert '<script src="/jsi18n/"></script>' in page

    client.cookies[COOKIE_NAME] = "en"
    catalogue = client.get("/jsi18n/")

    assert catalogue.status_code == 200
    assert catalogue["Content-Type"].startswith("text/javascript")
    assert "zoom in on them" in catalogue.content.decode()


def test_the_admin_loads_right_to_left_in_arabic(client, nantes_referent):
    client.force_login(nantes_referent)
    client.cookies[COOKIE_NAME] = "ar"

    response = client.get("/admin/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="ar" dir="rtl"' in page
    assert "/static/admin/css/rtl.css" in page
    assert "Espace des référents et de la modération" not in page


@pytest.mark.parametrize(
    ("language", "sign_in", "main_menu", "footer"),
    [
        ("en", "Sign in", "Main menu", "Write to us"),
        ("ar", "تسجيل الدخول", "القائمة الرئيسية", "راسلونا"),
        ("uk", "Увійти", "Головне меню", "Напишіть нам"),
    ],
)
def test_the_header_and_footer_in_each_language(client, language, sign_in, main_menu, footer):
    client.cookies[COOKIE_NAME] = language

    page = client.get("/aide/").content.decode()
    layout = page.split('<main id="contenu"')[0] + page.split("</main>")[1]  # the page's own text aside

    assert f">{sign_in}</a>" in layout
    assert f'<nav aria-label="{main_menu}" class="main-nav">' in layout
    assert f">{footer}</a>" in layout
    for french in ("Se connecter", "Menu principal", "Nous écrire", "Aller au contenu"):
        assert french not in layout
