"""Plain words (issue 17, item 7): what a calendar file, a news feed, FALC and an intercommunalité
do for a resident, said where they read them; the technical word only as secondary text."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from referents.models import Referent
from tests.conftest import NANTES_METROPOLE
from tests.factories import EventFactory
from tests.factories.news import NewsItemFactory
from tests.factories.referents import ReferentFactory

pytestmark = pytest.mark.django_db
NOZAY = "244400537"


def text(response):
    """The page's text without tags and with spaces collapsed, as a person reads it."""
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def links(response):
    """{link text: href} of the page."""
    found = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', response.content.decode(), re.S)
    return {html.unescape(re.sub(r"<[^>]+>|\s+", " ", label)).strip(): href for href, label in found}


def _event(**fields):
    start = timezone.now() + timedelta(days=3)
    return EventFactory(start=start, end=start + timedelta(hours=2), **fields)


def test_an_event_says_add_to_my_calendar_and_keeps_icalendar_as_secondary_text(client):
    event = _event(title="Café-tricot", insee="44109")
    response = client.get(event.get_absolute_url())
    page = text(response)
    assert links(response)["Ajouter à mon agenda (téléphone, Outlook…)"] == event.get_ical_url()
    assert "(format iCalendar, comment faire )" in page
    assert links(response)["comment faire"] == "/aide/#mon-agenda"


def test_the_agenda_offers_its_dates_for_my_calendar_in_plain_words(client):
    _event(title="Café-tricot", insee="44109")
    response = client.get("/agenda/")
    label = "Ajouter ces rencontres à mon agenda (téléphone, Outlook…)"
    assert links(response)[label] == "/agenda/agenda.ics"
    assert "Les nouvelles rencontres s'y ajoutent toutes seules" in text(response)
    assert "S'abonner à cet agenda" not in text(response)


def test_the_news_say_follow_the_news_and_explain_how(client):
    item = NewsItemFactory(title="La ligne de bus change")
    for path in ("/actualites/", item.get_absolute_url()):
        response = client.get(path)
        page = text(response)
        assert links(response)["Suivre les actualités"] == "/actualites/flux.xml"
        assert "application de lecture d'actualités, dite « flux RSS »" in page
        assert "S'abonner au flux RSS" not in page
    help_page = text(client.get("/aide/"))
    assert "Suivre les actualités" in help_page
    assert "choisissez « Ajouter un abonnement »" in help_page


def test_the_help_explains_how_to_add_dates_to_my_calendar(client):
    response = client.get("/aide/")
    assert links(response)["Ajouter les rencontres à mon agenda"] == "#mon-agenda"
    assert 'id="mon-agenda"' in response.content.decode()


def test_falc_is_said_in_full_with_a_sentence(client):
    event = _event(title="Atelier CV", insee="44109", easy_read=True)
    page = text(client.get(event.get_absolute_url()))
    assert "Facile à lire et à comprendre (FALC) Des phrases courtes et des mots simples" in page


def test_the_proposal_form_explains_falc(client, member):
    client.force_login(member)
    page = text(client.get("/agenda/proposer/"))
    assert "facile à lire et à comprendre (FALC) Des phrases courtes et des mots simples" in page.replace(
        "Facile", "facile"
    )


def test_the_intercommunalite_page_explains_the_word_and_lists_its_communes(
    client, django_assert_num_queries
):
    # 1 the intercommunalité, 2 its communes.
    with django_assert_num_queries(2):
        response = client.get(f"/territoire/{NANTES_METROPOLE}/")
    assert response.status_code == 200
    page = text(response)
    assert "Nantes Métropole : une intercommunalité de 24 communes de Loire-Atlantique" in page
    assert "Une intercommunalité est un groupe de communes voisines qui travaillent ensemble" in page
    assert "Ses 24 communes" in page
    assert "Saint-Herblain (44800)" in page
    assert "Rezé (44400)" in page
    assert "Nozay" not in page
    page_links = links(response)
    assert page_links["Les rencontres de Nantes Métropole"] == f"/agenda/?territoire={NANTES_METROPOLE}"
    assert page_links["Les référents de Nantes Métropole"] == f"/referents/?territoire={NANTES_METROPOLE}"


def test_an_unknown_intercommunalite_is_not_found(client):
    assert client.get("/territoire/123456789/").status_code == 404


def test_the_list_of_intercommunalites_shows_the_communes_of_each(client, django_assert_num_queries):
    # 1 the 17 intercommunalités, 2 their 207 communes.
    with django_assert_num_queries(2):
        response = client.get("/territoire/")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<details>") == 17
    assert "Nantes Métropole (24 communes)" in text(response)
    assert links(response)["Nantes Métropole : ses communes, ses rencontres et ses référents"] == (
        f"/territoire/{NANTES_METROPOLE}/"
    )


def test_where_the_word_appears_it_leads_to_the_explanation(client):
    event = _event(title="Café-emploi", insee="44113")  # Nozay
    event_links = links(client.get(event.get_absolute_url()))
    assert event_links["Communauté de communes de Nozay"] == f"/territoire/{NOZAY}/"

    response = client.get("/referents/trouver/?q=Nozay")
    assert links(response)["Communauté de communes de Nozay"] == f"/territoire/{NOZAY}/"
    assert "Une intercommunalité est un groupe de communes voisines" in text(response)

    referent = ReferentFactory(kind=Referent.Kind.TERRITORY, sirens=[NANTES_METROPOLE], public_name="Claire")
    response = client.get(referent.get_absolute_url())
    assert links(response)["Les communes de Nantes Métropole"] == f"/territoire/{NANTES_METROPOLE}/"

    # The filters of the lists (agenda, news, referents) explain the word beside the field.
    for path in ("/agenda/", "/actualites/", "/referents/"):
        response = client.get(path)
        assert "Un groupe de communes voisines." in text(response), path
        assert links(response)["Quelles communes dans chacune ?"] == "/territoire/", path


def test_the_links_of_an_intercommunalite_name_it_in_full_not_like_its_main_commune(client):
    page_links = links(client.get(f"/territoire/{NOZAY}/"))
    label = "Les rencontres de la Communauté de communes de Nozay"
    assert page_links[label] == f"/agenda/?territoire={NOZAY}"
