"""Confort de lecture (issue 17, items 1 and 9): text size, contrast and spacing kept in one
strictly necessary cookie and applied on the next page, without JavaScript."""

import html
import re

import pytest
from django.test import override_settings

from pages.reading_comfort import COOKIE_MAX_AGE, COOKIE_NAME

pytestmark = pytest.mark.django_db

URL = "/confort-de-lecture/"
ALL_ON = {"text_size": "tres-grand", "display": "contraste", "spacing": "large"}


def html_classes(response):
    match = re.search(r"<html([^>]*)>", response.content.decode())
    classes = re.search(r'class="([^"]*)"', match.group(1))
    return set(classes.group(1).split()) if classes else set()


def checked_values(response, name):
    return set(
        re.findall(
            rf'<input type="radio" name="{name}" value="([^"]+)"[^>]*checked', response.content.decode()
        )
    )


def test_every_page_links_to_the_reading_comfort_page_from_its_header(client):
    for path in ["/", "/agenda/", "/contact/", "/cette-page-n-existe-pas/"]:
        response = client.get(path)
        header = response.content.decode().split("</header>")[0]
        assert f'href="{URL}' in header, path
        assert "Confort de lecture</a>" in header, path


def test_the_header_link_brings_the_reader_back_to_the_page_they_were_on(client):
    response = client.get("/agenda/?theme=mobilite")

    assert f'href="{URL}?next=/agenda/%3Ftheme%3Dmobilite"' in response.content.decode()


def test_the_page_offers_the_three_settings_as_radio_buttons_in_french(client):
    response = client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Confort de lecture — Tous voisins 44</title>" in content
    for legend in ["Taille du texte", "Affichage", "Espacement du texte"]:
        assert legend in content
    for label in ["Normal", "Grand", "Très grand", "Standard", "Contraste renforcé", "Espacement large"]:
        assert re.search(rf'type="radio"[^>]*>\s*{label}\s*</label>', content), label
    assert "Revenir aux réglages habituels" in content
    assert "pas besoin de votre accord" in content
    # Nothing chosen yet: the usual display is checked.
    assert checked_values(response, "text_size") == {"normal"}
    assert checked_values(response, "display") == {"standard"}
    assert checked_values(response, "spacing") == {"standard"}
    assert "<script" not in content.split("</header>")[1]


def test_saving_sets_one_strictly_necessary_cookie_and_goes_back(client):
    response = client.post(URL, {**ALL_ON, "next": "/agenda/"})

    assert response.status_code == 302
    assert response["Location"] == "/agenda/"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "tres-grand.contraste.large"
    assert cookie["max-age"] == COOKIE_MAX_AGE
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    assert not cookie["secure"]  # plain http in tests; production sets SESSION_COOKIE_SECURE

    following = client.get("/agenda/")
    assert "Vos réglages de lecture sont enregistrés" in following.content.decode()


@override_settings(SESSION_COOKIE_SECURE=True)
def test_the_cookie_is_secure_in_production(client):
    response = client.post(URL, ALL_ON)

    assert response.cookies[COOKIE_NAME]["secure"]


def test_the_next_page_carries_the_chosen_classes_on_html(client):
    assert html_classes(client.get("/")) == set()

    client.post(URL, {"text_size": "grand", "display": "standard", "spacing": "standard"})
    assert html_classes(client.get("/")) == {"texte-grand"}

    client.post(URL, ALL_ON)
    assert html_classes(client.get("/agenda/")) == {"texte-tres-grand", "contraste", "espacement"}


def test_the_page_shows_the_saved_choices_checked(client):
    client.post(URL, {"text_size": "grand", "display": "contraste", "spacing": "standard"})

    response = client.get(URL)

    assert checked_values(response, "text_size") == {"grand"}
    assert checked_values(response, "display") == {"contraste"}
    assert checked_values(response, "spacing") == {"standard"}


def test_a_value_outside_the_list_is_refused_next_to_its_field_and_the_other_choices_are_kept(client):
    response = client.post(URL, {"text_size": "grand", "display": "rose-bonbon", "spacing": "large"})

    assert response.status_code == 200
    assert COOKIE_NAME not in response.cookies
    content = response.content.decode()
    assert "<title>Erreur — Confort de lecture" in content
    display_field = content.split("<legend>Affichage")[1].split("</fieldset>")[0]
    assert 'id="id_display_error"' in display_field
    assert "Choisissez un des affichages proposés : Standard ou Contraste renforcé." in display_field
    assert content.count('class="errorlist"') == 1
    assert checked_values(response, "text_size") == {"grand"}
    assert checked_values(response, "spacing") == {"large"}


def test_a_missing_choice_is_asked_for_in_french(client):
    response = client.post(URL, {"display": "standard", "spacing": "standard"})

    assert response.status_code == 200
    assert "Choisissez une taille de texte." in response.content.decode()


def test_a_forged_cookie_only_gives_the_classes_of_the_list(client):
    client.cookies[COOKIE_NAME] = 'tres-grand.<script>" onload=x.large'

    response = client.get("/")

    assert html_classes(response) == {"texte-tres-grand", "espacement"}
    assert '<script>"' not in response.content.decode()


def test_the_usual_settings_need_no_cookie(client):
    client.post(URL, ALL_ON)

    response = client.post(URL, {"text_size": "normal", "display": "standard", "spacing": "standard"})

    assert response.cookies[COOKIE_NAME].value == ""
    assert response.cookies[COOKIE_NAME]["max-age"] == 0


def test_reset_clears_the_cookie_and_the_classes(client):
    client.post(URL, ALL_ON)

    response = client.post(URL, {**ALL_ON, "reinitialiser": "oui", "next": "/forum/"})

    assert response.status_code == 302
    assert response["Location"] == "/forum/"
    assert response.cookies[COOKIE_NAME].value == ""
    assert response.cookies[COOKIE_NAME]["max-age"] == 0
    following = client.get("/forum/")
    assert html_classes(following) == set()
    assert "Le site s'affiche de nouveau comme d'habitude." in html.unescape(following.content.decode())


@pytest.mark.parametrize(
    "unsafe", ["https://exemple.com/", "//exemple.com/agenda/", "javascript:alert(1)", "https:///exemple.com"]
)
def test_an_unsafe_next_address_is_refused(client, unsafe):
    response = client.post(URL, {**ALL_ON, "next": unsafe})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_an_unsafe_next_address_is_not_put_in_the_form(client):
    response = client.get(URL, {"next": "https://exemple.com/"})

    assert 'name="next" value=""' in response.content.decode()


def test_the_next_address_of_the_header_link_goes_into_the_form(client):
    response = client.get(URL, {"next": "/agenda/?theme=mobilite"})

    assert 'name="next" value="/agenda/?theme=mobilite"' in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/agenda/", "/actualites/", "/forum/", "/contact/", URL])
def test_anonymous_pages_vary_on_the_cookie_for_any_cache(client, path):
    plain = client.get(path)
    client.cookies[COOKIE_NAME] = "tres-grand.contraste.large"
    comfortable = client.get(path)

    assert "Cookie" in [part.strip() for part in comfortable["Vary"].split(",")]
    assert "Cookie" in [part.strip() for part in plain["Vary"].split(",")]
    assert html_classes(plain) != html_classes(comfortable)


def test_the_feeds_do_not_depend_on_the_cookie(client):
    client.cookies[COOKIE_NAME] = "tres-grand.contraste.large"

    response = client.get("/actualites/flux.xml")

    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")


def test_the_personal_data_page_names_the_cookie(client):
    content = client.get("/donnees-personnelles/").content.decode()

    assert "<strong>confort</strong>" in content
