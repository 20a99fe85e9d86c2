"""The demo news: across thèmes and territories, marked as examples, loaded once."""

import pytest

from news.demo import NEWS, seed_demo
from news.models import NewsItem
from news.personal_data import erase_user_data, export_user_data
from tests.factories.news import NewsItemFactory

pytestmark = pytest.mark.django_db


def test_the_demo_news_cover_the_territory_and_load_once(client):
    summary = seed_demo()

    assert summary == f"{len(NEWS)} actualité(s) d'exemple ajoutée(s) ({len(NEWS)} en tout)"
    assert NewsItem.objects.count() == len(NEWS) >= 10
    assert NewsItem.objects.published().count() == len(NEWS) - 1  # one draft
    assert NewsItem.objects.values("themes").distinct().count() == 6
    assert NewsItem.objects.exclude(intercommunalite=None).values("intercommunalite").distinct().count() >= 6
    assert all("actualité d'exemple" in body for body in NewsItem.objects.values_list("body", flat=True))

    assert seed_demo() == f"0 actualité(s) d'exemple ajoutée(s) ({len(NEWS)} en tout)"
    assert NewsItem.objects.count() == len(NEWS)
    html = client.get("/actualites/").content.decode()
    assert "Les cafés-emploi reprennent dans tout le département" in html
    assert "Le forum ouvre bientôt" not in html


def test_an_authors_data_is_exported_and_their_name_leaves_the_items_when_they_go(thematic_referent):
    signed = NewsItemFactory(title="Signée de son nom", author=thematic_referent, signature="charlie")
    team = NewsItemFactory(title="Signée par l'équipe", author=thematic_referent)

    data = export_user_data(thematic_referent)
    erase_user_data(thematic_referent)

    assert [item["titre"] for item in data["actualites_redigees"]] == [
        "Signée de son nom",
        "Signée par l'équipe",
    ]
    signed.refresh_from_db()
    team.refresh_from_db()
    assert (signed.author, signed.signature) == (None, "L'équipe Tous voisins 44")
    assert (team.author, team.signature) == (None, "L'équipe Tous voisins 44")


def test_the_bench_seeds_its_news_once():
    import random

    from news.bench import seed_bench
    from tousvoisins.bench_scales import SCALES

    scale = SCALES["S"]

    assert seed_bench(scale, random.Random(44)) == f"{scale.news} actualités ajoutées ({scale.news} en tout)"
    assert NewsItem.objects.count() == scale.news
    assert NewsItem.objects.filter(themes=None).count() == 0
    assert NewsItem.objects.published().count() > scale.news * 0.8
    assert "déjà là" in seed_bench(scale, random.Random(44))
    assert NewsItem.objects.count() == scale.news
