"""The referents' pages in English, Arabic and Ukrainian (the `langue` cookie), French by default.

What referents wrote (their name, presentation, structure) stays as written; the interface around
it is translated.
"""

import json
from html import unescape

import pytest
from django.core import mail

from referents.models import Referent
from tests.conftest import NANTES_METROPOLE
from tests.factories.referents import PermanenceFactory, ReferentFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ar", "uk"]


def _html(response):
    return unescape(response.content.decode())


def _in(client, code):
    client.cookies["langue"] = code
    return client


@pytest.fixture
def referents(db):
    claire = ReferentFactory(
        public_name="Claire",
        kind=Referent.Kind.TERRITORY,
        sirens=[NANTES_METROPOLE],
        presentation="Je vous accueille à Doulon.",
    )
    PermanenceFactory(referent=claire, place_name="Maison de quartier de Doulon")
    sophie = ReferentFactory(public_name="Sophie", themes=["emploi"], title=Referent.Title.REFERENTE)
    bernard = ReferentFactory(public_name="Bernard", themes=["mobilite"])
    PermanenceFactory(referent=bernard, insee="44015", place_name="Centre social")
    return {"claire": claire, "sophie": sophie, "bernard": bernard}


@pytest.mark.parametrize(
    ("code", "translated", "french"),
    [
        (
            "en",
            ["Filter the referents", "3 referents", "Area referent", "Become a referent"],
            "Filtrer les référents",
        ),
        ("ar", ["تصفية المنسقين", "منسق المنطقة", "كن منسقًا"], "Filtrer les référents"),
        ("uk", ["Фільтрувати координаторів", "3 координатори", "Координатор території"], "Devenir référent"),
    ],
)
def test_the_directory_speaks_the_chosen_language(client, referents, code, translated, french):
    html = _html(_in(client, code).get("/referents/"))

    for words in translated:
        assert words in html
    assert french not in html
    # What the referents wrote stays as written.
    assert ">Claire<" in html
    assert "Maison de quartier de Doulon" in html


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_directory_costs_the_same_queries_in_every_language(
    client, referents, code, django_assert_num_queries, django_assert_max_num_queries
):
    client.get("/referents/")  # warm the caches that do not depend on the language
    with django_assert_max_num_queries(50) as french:
        client.get("/referents/")
    french_queries = len(french.captured_queries)  # read before the next request resets the log
    # The cards are kept per language (tousvoisins.fragments): a language's first request reads
    # what they show (3 queries more), the next ones cost what French costs. (Another address
    # for that first one: the whole page would be kept, pages.page_cache.)
    _in(client, code).get("/referents/?page=1")
    with django_assert_num_queries(french_queries):
        _in(client, code).get("/referents/")


def test_a_referente_is_named_as_such_in_ukrainian_and_arabic(client, referents):
    uk = _html(_in(client, "uk").get("/referents/"))
    ar = _html(_in(client, "ar").get("/referents/"))

    assert '<p class="referent-card__kind">Тематична координаторка</p>' in uk
    assert '<p class="referent-card__kind">منسقة موضوعية</p>' in ar


@pytest.mark.parametrize(
    ("code", "translated", "french"),
    [
        (
            "en",
            ["Who is my referent?", "Your area referent", "Topic referents near you"],
            "Qui est mon référent ?",
        ),
        ("ar", ["من هو منسقي؟", "منسق منطقتك"], "Votre référent de territoire"),
        ("uk", ["Хто мій координатор?", "Ваш координатор території"], "Votre référent de territoire"),
    ],
)
def test_the_lookup_speaks_the_chosen_language(client, referents, code, translated, french):
    html = _html(_in(client, code).get("/referents/trouver/", {"q": "Blain"}))

    for words in translated:
        assert words in html
    assert french not in html
    assert ">Bernard<" in html


def test_a_commune_not_found_is_said_in_english(client):
    html = _html(_in(client, "en").get("/referents/trouver/", {"q": "Atlantis"}))

    assert "We did not find “Atlantis”" in html
    assert "Nous n'avons pas trouvé" not in html


@pytest.mark.parametrize(
    ("code", "translated", "french"),
    [
        (
            "en",
            ["Where and when to meet Claire", "Write to Claire", "Send my message to Claire", "On Tuesday"],
            "Écrire à Claire",
        ),
        ("ar", ["أين ومتى تلتقي Claire", "الكتابة إلى Claire", "يوم الثلاثاء"], "Écrire à Claire"),
        ("uk", ["Де і коли зустрітися: Claire", "Написати: Claire", "Вівторок"], "Écrire à Claire"),
    ],
)
def test_a_referents_page_speaks_the_chosen_language(client, referents, code, translated, french):
    html = _html(_in(client, code).get(f"/referents/{referents['claire'].pk}/"))

    for words in translated:
        assert words in html
    assert french not in html
    assert "Je vous accueille à Doulon." in html


@pytest.mark.parametrize(
    ("code", "errors", "french"),
    [
        (
            "en",
            [
                "Your message has not been sent yet.",
                "Write your message.",
                "so that the referent knows who is writing to her.",
            ],
            "Écrivez votre message.",
        ),
        (
            "ar",
            ["لم تُرسل رسالتك بعد.", "اكتب رسالتك.", "لكي تعرف المنسقة من يكتب لها."],
            "Écrivez votre message.",
        ),
        (
            "uk",
            ["Ваше повідомлення ще не надіслано.", "Напишіть ваше повідомлення.", "щоб координаторка знала"],
            "Écrivez votre message.",
        ),
    ],
)
def test_the_contact_form_says_its_errors_in_the_chosen_language(client, referents, code, errors, french):
    response = _in(client, code).post(
        f"/referents/{referents['sophie'].pk}/", {"name": "", "email": "", "message": ""}
    )

    html = _html(response)
    assert response.status_code == 200
    for words in errors:
        assert words in html
    assert french not in html
    assert not mail.outbox


def test_the_map_page_and_its_script_words_in_the_chosen_language(client, referents):
    html = _html(_in(client, "uk").get("/referents/carte/"))

    # The script's own words come from Django's JavaScript catalogue, loaded before it.
    assert '<script src="/jsi18n/"' in html
    catalogue = _in(client, "uk").get("/jsi18n/").content.decode()
    # The catalogue is JavaScript with its non-ASCII letters escaped (\uXXXX), as JSON writes them.
    assert json.dumps("Запропонувати допомогу") in catalogue  # "Proposer votre aide"
    assert "Мапа координаторів" in html
    assert "La carte des référents" not in html


def test_the_map_territories_name_their_referents_in_the_chosen_language(client, referents):
    response = _in(client, "en").get("/referents/carte/intercommunalites.geojson")

    features = {feature["id"]: feature["properties"] for feature in response.json()["features"]}
    assert features[NANTES_METROPOLE]["referents_label"] == "Referent"
    assert "Cookie" in response["Vary"]


def test_french_stays_the_default(client, referents):
    html = _html(client.get(f"/referents/{referents['claire'].pk}/"))

    assert "Écrire à Claire" in html
    assert "Le mardi de 14 h à 17 h" in html


def test_the_moderators_admin_of_referents_speaks_the_chosen_language(client, referents, moderator):
    client.force_login(moderator)

    listing = _html(_in(client, "en").get("/admin/referents/referent/"))
    change = _html(client.get(f"/admin/referents/referent/{referents['claire'].pk}/change/"))

    assert "Remove from the directory (and from the admin)" in listing
    assert "topics or intercommunalité looked after" in listing.lower()
    assert "drop-in hours: where and when to meet you" in change.lower()
    assert "Retirer de l'annuaire" not in listing
