"""The coups de pouce in English, Arabic and Ukrainian (the `langue` cookie), and asks or offers
that keep the language they were written in, marked with `lang` (and `dir`) where it differs from
the page's."""

import html
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helpboard.models import Help
from tests.factories.helpboard import HelpFactory

pytestmark = pytest.mark.django_db


def in_main(page):
    """The page's <main>: the header's language menu carries lang="ar" on "العربية" too."""
    return page.split("<main", 1)[1].split("</main>", 1)[0]


LIST = "/coups-de-pouce/"
BOARD = {
    "en": "Publish a helping hand",
    "ar": "نشر مساعدة",
    "uk": "Опублікувати оголошення",
}
BOARD_FR = "Publier un coup de pouce"
DETAIL = {
    "en": "Report this helping hand",
    "ar": "التبليغ عن هذه المساعدة",
    "uk": "Поскаржитися на це оголошення",
}
TEXT_REQUIRED = {
    "en": "Write in a few words what you are looking for or offering.",
    "ar": "اكتب ببضع كلمات ما تبحث عنه أو تعرضه.",
    "uk": "Напишіть кількома словами, що ви шукаєте або пропонуєте.",
}
ARABIC = "أبحث عن شخص يساعدني في كتابة سيرتي الذاتية."


def _html(response):
    return html.unescape(response.content.decode())


def _form(**changes):
    from tousvoisins.models import Theme

    data = {
        "kind": Help.Kind.ASK,
        "theme": Theme.objects.get(slug="emploi").pk,
        "text": "Je cherche quelqu'un pour relire mon CV avant un entretien.",
        "commune_name": "Rezé",
        "territory": "",
        "until": (timezone.localdate() + timedelta(days=20)).isoformat(),
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("language", ["en", "ar", "uk"])
def test_the_board_speaks_the_chosen_language(client, language):
    HelpFactory(text="Je cherche quelqu'un pour relire mon CV.")
    client.cookies["langue"] = language

    page = _html(client.get(LIST))

    assert BOARD[language] in page
    assert BOARD_FR not in page
    assert "Je cherche quelqu'un pour relire mon CV." in page  # what members wrote stays


def test_the_board_costs_no_more_queries_in_another_language(client, django_assert_num_queries):
    HelpFactory()
    with CaptureQueriesContext(connection) as french:
        client.get(LIST)
    client.cookies["langue"] = "ar"

    with django_assert_num_queries(len(french.captured_queries)):
        client.get(LIST)


def test_it_counts_with_the_plural_of_the_language(client):
    for _ in range(2):
        HelpFactory()
    client.cookies["langue"] = "ar"

    page = _html(client.get(LIST))

    assert "مساعدتان" in page  # Arabic has a form for two


@pytest.mark.parametrize("language", ["en", "ar", "uk"])
def test_a_coup_de_pouce_speaks_the_chosen_language(client, member, language):
    help = HelpFactory(kind=Help.Kind.OFFER)
    client.force_login(member)
    client.cookies["langue"] = language

    page = _html(client.get(help.get_absolute_url()))

    assert DETAIL[language] in page
    assert "Signaler ce coup de pouce" not in page


@pytest.mark.parametrize("language", ["en", "ar", "uk"])
def test_a_form_with_an_error_says_it_in_the_chosen_language(client, alice, language):
    client.force_login(alice)
    client.cookies["langue"] = language

    response = client.post("/coups-de-pouce/publier/", _form(text=""))

    page = _html(response)
    assert response.status_code == 200
    assert TEXT_REQUIRED[language] in page
    assert "Écrivez en quelques mots ce que vous cherchez ou proposez." not in page
    assert not Help.objects.exists()


def test_the_form_offers_the_language_of_the_text_french_first(client, alice):
    client.force_login(alice)

    page = _html(client.get("/coups-de-pouce/publier/"))

    assert "Langue du texte" in page
    assert '<option value="fr" selected>Français</option>' in page
    assert '<option value="uk">Українська</option>' in page


def test_a_member_publishes_in_arabic_and_french_stays_the_default(client, alice):
    client.force_login(alice)

    client.post("/coups-de-pouce/publier/", _form(text=ARABIC, language="ar"))
    client.post("/coups-de-pouce/publier/", _form(text="Je propose de relire des CV le samedi."))

    assert sorted(Help.objects.values_list("language", flat=True)) == ["ar", "fr"]


def test_a_coup_de_pouce_in_arabic_on_a_french_page_is_marked_right_to_left(client):
    help = HelpFactory(text=ARABIC, language="ar")
    HelpFactory(text="Je cherche un covoiturage vers Blain.")

    detail = _html(client.get(help.get_absolute_url()))
    board = _html(client.get(LIST))

    assert f'<p class="help-detail__text" lang="ar" dir="rtl">{ARABIC}</p>' in detail
    assert f'<h1 lang="ar" dir="rtl">{help.summary}</h1>' in detail
    assert f'<a href="{help.get_absolute_url()}" lang="ar" dir="rtl">{help.summary}</a>' in board
    assert in_main(board).count('lang="ar"') == 1  # the French one carries nothing
