"""News items: slugs, what is published when, filters by thème and territory, the home page's list."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from news.models import NewsItem
from tests.conftest import CAP_ATLANTIQUE, NANTES_METROPOLE
from tests.factories.news import NewsItemFactory
from tousvoisins.models import Intercommunalite, Theme

pytestmark = pytest.mark.django_db


def _titles(items):
    return [item.title for item in items]


def test_it_makes_the_slug_from_the_title_and_keeps_it_unique():
    first = NewsItemFactory(title="Fête des voisins à Blain !")
    second = NewsItemFactory(title="Fête des voisins à Blain")
    third = NewsItemFactory(title="Fête des voisins à Blain ?")

    assert (first.slug, second.slug, third.slug) == (
        "fete-des-voisins-a-blain",
        "fete-des-voisins-a-blain-2",
        "fete-des-voisins-a-blain-3",
    )
    assert first.get_absolute_url() == "/actualites/fete-des-voisins-a-blain/"


def test_it_keeps_the_slug_when_the_title_changes_so_shared_links_keep_working():
    item = NewsItemFactory(title="Ancien titre")

    item.title = "Nouveau titre"
    item.save()

    item.refresh_from_db()
    assert item.slug == "ancien-titre"


def test_it_gives_a_slug_to_a_title_without_letters():
    assert NewsItemFactory(title="!!!").slug == "actualite"


def test_it_publishes_only_published_items_whose_date_has_come():
    now = timezone.now()
    NewsItemFactory(title="Publiée", published_at=now - timedelta(hours=1))
    NewsItemFactory(title="Brouillon", status=NewsItem.Status.DRAFT, published_at=now - timedelta(hours=1))
    NewsItemFactory(title="Programmée", published_at=now + timedelta(days=2))

    assert _titles(NewsItem.objects.published(now)) == ["Publiée"]
    assert set(_titles(NewsItem.objects.published(now + timedelta(days=3)))) == {"Publiée", "Programmée"}


def test_it_filters_by_theme():
    NewsItemFactory(title="Emploi", themes=["emploi"])
    NewsItemFactory(title="Emploi et logement", themes=["emploi", "logement"])
    NewsItemFactory(title="Mobilité", themes=["mobilite"])

    emploi = Theme.objects.get(slug="emploi")

    assert set(_titles(NewsItem.objects.for_theme(emploi))) == {"Emploi", "Emploi et logement"}


def test_a_territory_gets_its_own_news_and_those_of_the_whole_departement():
    NewsItemFactory(title="Nantes", siren=NANTES_METROPOLE)
    NewsItemFactory(title="Presqu'île", siren=CAP_ATLANTIQUE)
    NewsItemFactory(title="Tout le département")

    nantes = Intercommunalite.objects.get(siren=NANTES_METROPOLE)

    assert set(_titles(NewsItem.objects.for_territory(nantes))) == {"Nantes", "Tout le département"}


def test_latest_news_gives_the_newest_published_items_in_one_query(django_assert_num_queries):
    now = timezone.now()
    for days in range(5):
        NewsItemFactory(
            title=f"Il y a {days} jours", published_at=now - timedelta(days=days), siren=CAP_ATLANTIQUE
        )
    NewsItemFactory(title="Brouillon", status=NewsItem.Status.DRAFT)
    NewsItemFactory(title="Demain", published_at=now + timedelta(days=1))

    # 1 the three items with their intercommunalité's name.
    with django_assert_num_queries(1):
        items = NewsItem.objects.latest_published(3)
        lines = [(item.title, item.territory_name, item.get_absolute_url(), item.lead) for item in items]

    assert [line[0] for line in lines] == ["Il y a 0 jours", "Il y a 1 jours", "Il y a 2 jours"]
    assert lines[0][1].startswith("Communauté d'agglomération de la Presqu'île de Guérande")


def test_a_news_item_for_the_whole_departement_says_so():
    assert NewsItemFactory().territory_name == "Toute la Loire-Atlantique"


def test_a_picture_needs_its_description():
    item = NewsItemFactory.build(picture=ContentFile(b"x", name="photo.jpg"), picture_alt=" ")

    with pytest.raises(ValidationError) as error:
        item.clean()

    assert error.value.message_dict["picture_alt"] == [
        "Décrivez l'image en une phrase, pour les personnes qui ne la voient pas."
    ]


def test_the_body_is_markdown_made_safe():
    item = NewsItemFactory.build(
        body='**Gras** <script>alert("x")</script> [lien](javascript:alert(1)) <img src=x onerror=alert(1)>'
    )

    html = item.body_html

    assert "<strong>Gras</strong>" in html
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html
