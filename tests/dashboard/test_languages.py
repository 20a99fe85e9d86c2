"""The dashboard and the open-data page in English, Arabic and Ukrainian (the `langue` cookie);
French stays the default, and the figures' cache keeps one copy per language."""

import pytest
from django.urls import reverse

from tests.dashboard.test_dashboard import crafted, signed_in  # noqa: F401 (fixture)

DASHBOARD = {
    "en": (
        "What is waiting for an answer",
        "Events and dates per intercommunalité",
        "Download this table (ODS",
    ),
    "ar": ("ما ينتظر ردًا", "الأنشطة والمواعيد حسب كل تجمع بلديات", "تنزيل هذا الجدول (ODS"),
    "uk": ("Що чекає на відповідь", "Події та дати за інтеркомуналітетом", "Завантажити цю таблицю (ODS"),
}
OPEN_DATA = {"en": "The directory of referents", "ar": "دليل المرجعيين", "uk": "Довідник референтів"}


@pytest.mark.parametrize("language", ["en", "ar", "uk"])
def test_the_dashboard_speaks_the_chosen_language(client, moderator, crafted, language):  # noqa: F811
    client.cookies["langue"] = language
    html = signed_in(client, moderator).get(reverse("dashboard")).content.decode()
    for phrase in DASHBOARD[language]:
        assert phrase in html
    assert "Ce qui attend une réponse" not in html
    assert "Télécharger ce tableau" not in html
    # What people wrote and the names of places stay as they are.
    assert "Cap Atlantique" in html and "Proposition nantaise" in html


@pytest.mark.parametrize("language", ["en", "ar", "uk"])
def test_the_open_data_page_speaks_the_chosen_language(client, db, language):
    client.cookies["langue"] = language
    html = client.get("/donnees-ouvertes/").content.decode()
    assert OPEN_DATA[language] in html
    assert "L'annuaire des référents" not in html
    assert "Licence Ouverte 2.0" in html and "evenements.json" in html


def test_each_language_has_its_own_cached_figures(client, moderator, crafted):  # noqa: F811
    signed_in(client, moderator)
    french = client.get(reverse("dashboard")).context["figures"]
    client.cookies["langue"] = "en"
    english = client.get(reverse("dashboard")).context["figures"]
    assert french["dates"].title == "Événements et dates par intercommunalité"
    assert english["dates"].title == "Events and dates per intercommunalité"
    assert english["dates"].rows == french["dates"].rows
    client.cookies["langue"] = "fr"
    assert client.get(reverse("dashboard")).context["figures"]["dates"].title == french["dates"].title


def test_a_download_has_the_columns_in_the_chosen_language(client, moderator, crafted):  # noqa: F811
    client.cookies["langue"] = "uk"
    response = signed_in(client, moderator).get(
        reverse("dashboard"), {"tableau": "dates-pour-10000-habitants"}
    )
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header == "Об'єднання громад;Мешканці в Loire-Atlantique;Дати;Дати на 10 000 мешканців"


def test_periods_and_months_in_english(client, moderator, crafted):  # noqa: F811
    client.cookies["langue"] = "en"
    signed_in(client, moderator)
    response = client.get(reverse("dashboard"), {"periode": "annee"})
    months = [row[0] for row in response.context["figures"]["members"].rows]
    assert months[0].startswith("January ") and months[-1].startswith("December ")
    assert "Period: <strong>the year " in response.content.decode()
    errors = (
        client.get(reverse("dashboard"), {"periode": "choix", "debut": "2026-09-01"}).context["form"].errors
    )
    assert errors["fin"] == ["Give the last day of the period."]
