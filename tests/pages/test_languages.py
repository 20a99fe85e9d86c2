"""The site's own pages in English, Arabic and Ukrainian (the `langue` cookie); French stays the
default, and the moderators' e-mail stays in French whatever the writer's language."""

import html
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.utils import translation

from pages import rgaa_audit

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ar", "uk"]


@pytest.fixture(autouse=True)
def fresh_cache_and_french_after():
    # Rate limits and the kept pages live in the (locmem) cache: each test starts from zero.
    cache.clear()
    yield
    cache.clear()
    # A request activates its language for the thread: the tests after these ones run in French.
    translation.activate(settings.LANGUAGE_CODE)


def text(response):
    """The page's text without tags and with spaces collapsed, as a person reads it."""
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def get_in(client, language, url, **extra):
    client.cookies["langue"] = language
    return client.get(url, **extra)


# (page, {language: a phrase of the page}, the same phrase in French)
PAGES = [
    (
        "/",
        {
            "en": "Welcome to Tous voisins 44",
            "ar": "مرحبًا بك في Tous voisins 44",
            "uk": "Ласкаво просимо на Tous voisins 44",
        },
        "Bienvenue sur Tous voisins 44",
    ),
    (
        "/aide/",
        {
            "en": "Use the site with the keyboard",
            "ar": "استخدام الموقع بلوحة المفاتيح",
            "uk": "Користуватися сайтом за допомогою клавіатури",
        },
        "Utiliser le site au clavier",
    ),
    (
        "/charte/",
        {"en": "Respect and kindness", "ar": "الاحترام واللطف", "uk": "Повага й доброзичливість"},
        "Respect et bienveillance",
    ),
    (
        "/contact/",
        {"en": "Send my message", "ar": "أرسل رسالتي", "uk": "Надіслати моє повідомлення"},
        "Envoyer mon message",
    ),
    (
        "/confort-de-lecture/",
        {"en": "Save my settings", "ar": "احفظ إعداداتي", "uk": "Зберегти мої налаштування"},
        "Enregistrer mes réglages",
    ),
    (
        "/plan-du-site/",
        {"en": "Help and information", "ar": "المساعدة والمعلومات", "uk": "Допомога та інформація"},
        "Aide et informations",
    ),
    (
        "/accessibilite/",
        {"en": "Compliance status", "ar": "حالة المطابقة", "uk": "Стан відповідності"},
        "État de conformité",
    ),
    (
        "/donnees-personnelles/",
        {"en": "Your rights", "ar": "حقوقك", "uk": "Ваші права"},
        "Vos droits",
    ),
    (
        "/mentions-legales/",
        {"en": "Who publishes this site?", "ar": "من ينشر هذا الموقع؟", "uk": "Хто публікує цей сайт?"},
        "Qui publie ce site ?",
    ),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("url", "translated", "french"), PAGES, ids=[page[0] for page in PAGES])
def test_each_page_speaks_the_chosen_language(client, language, url, translated, french):
    response = get_in(client, language, url)

    assert response.status_code == 200
    page = text(response)
    assert translated[language] in page
    assert french not in page


@pytest.mark.parametrize(("url", "translated", "french"), PAGES, ids=[page[0] for page in PAGES])
def test_french_stays_the_default_without_a_cookie(client, url, translated, french):
    page = text(client.get(url))

    assert french in page
    assert translated["en"] not in page


def test_the_contact_form_says_its_errors_in_english(client):
    client.cookies["langue"] = "en"
    response = client.post(
        "/contact/", {"subject": "question", "name": "", "email": "pas-une-adresse", "message": ""}
    )

    assert response.status_code == 200
    assert "<title>Error — Contact: write to us" in response.content.decode()
    page = text(response)
    assert "Your message has not been sent yet." in page
    assert "Write your name, or a first name, so that we know how to answer you." in page
    assert "This e-mail address is not valid." in page
    assert "Écrivez votre nom" not in page
    assert "Votre message n'est pas encore parti." not in page


def test_the_contact_form_labels_and_subjects_are_translated(client):
    page = text(get_in(client, "uk", "/contact/"))

    assert "Тема вашого повідомлення" in page
    assert "Повідомити про проблему доступності" in page
    assert "Signaler un problème d'accessibilité" not in page


def test_the_moderators_get_the_message_in_french_whatever_the_writers_language(
    client, moderator, django_capture_on_commit_callbacks
):
    client.cookies["langue"] = "ar"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/contact/",
            {
                "subject": "question",
                "name": "Samira",
                "email": "samira@exemple.fr",
                "message": "مرحبا، كيف أشارك في لقاء؟",
                "website": "",
            },
        )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert "Nous écrire : Poser une question" in sent.subject
    assert "Un message est arrivé par le formulaire « Nous écrire »." in sent.body
    assert "مرحبا، كيف أشارك في لقاء؟" in sent.body
    # The writer's page goes on in their language.
    assert "شكرًا، تمّ إرسال رسالتك" in text(client.get(response["Location"]))


def test_the_reading_comfort_form_and_its_message_are_translated(client):
    client.cookies["langue"] = "en"
    page = text(client.get("/confort-de-lecture/"))
    assert "Text size" in page
    assert "Very large" in page
    assert "Stronger contrast" in page

    response = client.post(
        "/confort-de-lecture/",
        {"text_size": "grand", "display": "standard", "spacing": "standard"},
        follow=True,
    )

    assert "Your reading settings are saved." in text(response)
    assert "Vos réglages de lecture sont enregistrés." not in text(response)


def test_the_territory_pages_count_communes_in_the_chosen_language(client):
    page = text(get_in(client, "en", "/territoire/"))
    assert "The 17 intercommunalités of Loire-Atlantique" in page
    assert "Les 17 intercommunalités" not in page

    page = text(get_in(client, "uk", "/territoire/244400537/"))
    assert "Координатори:" in page
    assert "Les référents" not in page


def test_the_accessibility_status_and_rate_follow_the_language():
    audit = rgaa_audit.Audit(
        criteria=[rgaa_audit.Criterion(str(n), "", "C", "", "", "", "") for n in range(3)]
        + [rgaa_audit.Criterion("9", "", "NC", "", "", "", "")],
        date=rgaa_audit.AUDIT_DATE,
    )

    with translation.override("fr"):
        assert (audit.rate_in_words, audit.status) == ("75,0 %", "partiellement conforme")
    with translation.override("en"):
        assert (audit.rate_in_words, audit.status) == ("75.0%", "partially compliant")
    with translation.override("uk"):
        assert audit.status == "частково відповідає вимогам"
