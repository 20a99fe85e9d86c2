"""The site's frame in the reader's language (the `langue` cookie): the error pages, the error
summary of every form, and the thèmes' names, which are data translated by their slug."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tousvoisins.models import Theme


@pytest.mark.parametrize(
    ("code", "heading", "lead"),
    [
        ("en", "Page not found", "This page does not exist, or no longer exists."),
        ("ar", "الصفحة غير موجودة", "هذه الصفحة غير موجودة، أو لم تعد موجودة."),
        ("uk", "Сторінку не знайдено", "Цієї сторінки не існує або вже не існує."),
    ],
)
def test_the_404_page_speaks_the_chosen_language(client, db, code, heading, lead):
    client.cookies["langue"] = code

    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    assert f"<h1>{heading}</h1>" in response.text
    assert lead in response.text
    assert "Page introuvable" not in response.text


def test_the_404_page_stays_in_french_by_default(client, db):
    response = client.get("/cette-page-n-existe-pas/")

    assert "<h1>Page introuvable</h1>" in response.text


@pytest.mark.parametrize(
    ("code", "summary", "note"),
    [
        ("en", "1 error to fix", "What you typed is kept, except passwords."),
        ("ar", "خطأ واحد يجب تصحيحه", "ما كتبته محفوظ، ما عدا كلمات المرور."),
        ("uk", "1 помилка, яку треба виправити", "Те, що ви написали, збережено, крім паролів."),
    ],
)
def test_the_error_summary_speaks_the_chosen_language(client, member, code, summary, note):
    client.cookies["langue"] = code

    page = client.post("/comptes/login/", {"login": "alice@exemple.fr", "password": "pas le bon"}).text

    assert f'id="error-summary-title">{summary}</h2>' in page
    assert note in page
    assert "à corriger" not in page


@pytest.mark.parametrize(
    ("code", "count", "summary"),
    [
        ("en", 2, "2 errors to fix"),
        ("ar", 2, "خطآن يجب تصحيحهما"),
        ("uk", 2, "2 помилки, які треба виправити"),
        ("uk", 5, "5 помилок, які треба виправити"),
        ("fr", 2, "2 erreurs à corriger"),
    ],
)
def test_the_error_summary_counts_in_each_language(code, count, summary):
    template = Template("{% include 'includes/error_summary.html' %}")
    items = [("Nom", "Écrivez votre nom.", "id_name")] * count

    with translation.override(code):
        html = template.render(Context({"items": items, "count": count}))

    assert f">{summary}</h2>" in html


@pytest.mark.parametrize(
    ("code", "name"),
    [("fr", "Emploi"), ("en", "Employment"), ("ar", "العمل"), ("uk", "Робота")],
)
def test_a_theme_is_named_in_the_chosen_language(db, code, name):
    theme = Theme.objects.get(slug="emploi")

    with translation.override(code):
        assert theme.label == name
        assert str(theme) == name


def test_a_renamed_theme_keeps_its_new_french_name(db):
    theme = Theme.objects.get(slug="emploi")
    theme.name = "Emploi et formation"

    with translation.override("fr"):
        assert theme.label == "Emploi et formation"
    with translation.override("en"):
        assert theme.label == "Employment"


def test_a_theme_outside_the_fixed_list_keeps_its_stored_name(db):
    theme = Theme(slug="nouveau", name="Nouveau thème", pictogram="emploi")

    with translation.override("en"):
        assert theme.label == "Nouveau thème"


def test_the_cached_theme_label_follows_the_language(db):
    theme = Theme.objects.get(slug="solidarite")
    template = Template("{% load themes %}{% theme_label theme %}")

    with translation.override("fr"):
        french = template.render(Context({"theme": theme}))
    with translation.override("uk"):
        ukrainian = template.render(Context({"theme": theme}))

    assert '<span class="theme-label__name">Solidarité</span>' in french
    assert '<span class="theme-label__name">Солідарність</span>' in ukrainian


def test_the_theme_filter_of_a_list_names_the_themes_in_the_chosen_language(client, db):
    client.cookies["langue"] = "en"

    page = client.get("/agenda/").text

    assert '<option value="emploi">Employment</option>' in page
    assert '<option value="sante-bien-etre">Health and well-being</option>' in page
    assert ">Santé et bien-être</option>" not in page


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("fr", "mardi 1er décembre 2026 à 14 h 30"),
        ("en", "Tuesday 1 December 2026 at 14:30"),
        ("ar", "الثلاثاء 1 ديسمبر 2026 الساعة 14:30"),
        ("uk", "1 грудня 2026 о 14:30"),
    ],
)
def test_a_date_in_words_follows_the_language(code, words):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.template.loader import render_to_string

    value = datetime(2026, 12, 1, 14, 30, tzinfo=ZoneInfo("Europe/Paris"))

    with translation.override(code):
        html = render_to_string("includes/time.html", {"value": value, "weekday": True, "time": True})

    assert words in html
