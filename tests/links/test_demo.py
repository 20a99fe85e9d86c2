"""The demo links: real, free public sites in every category, loaded once."""

import pytest

from links.demo import LINKS, seed_demo
from links.models import Category, Link

pytestmark = pytest.mark.django_db


def test_the_demo_links_fill_every_category_and_load_once(client):
    assert seed_demo() == f"{len(LINKS)} lien(s) utile(s) ajouté(s), 0 déjà présent(s)."
    assert Link.objects.count() == len(LINKS) >= 20
    assert all(link.url.startswith("https://") for link in Link.objects.all())
    assert not Category.objects.filter(links=None).exists()
    assert Link.objects.exclude(cost=Link.Cost.PARTLY_PAID).count() >= len(LINKS) - 2

    assert seed_demo() == f"0 lien(s) utile(s) ajouté(s), {len(LINKS)} déjà présent(s)."
    assert Link.objects.count() == len(LINKS)

    html = client.get("/liens-utiles/").content.decode()
    assert "Service-Public.fr" in html
    assert "Site extérieur : ameli.fr" in html
    assert (
        "Pour trouver les horaires des cars, des trains régionaux et des bateaux en Pays de la Loire." in html
    )


def test_a_link_a_moderator_changed_is_left_as_it_is():
    seed_demo()
    Link.objects.filter(url="https://www.ameli.fr/").update(
        title="Ameli, l'Assurance Maladie", is_active=False
    )

    seed_demo()

    link = Link.objects.get(url="https://www.ameli.fr/")
    assert (link.title, link.is_active) == ("Ameli, l'Assurance Maladie", False)


def test_a_category_removed_by_a_moderator_comes_back_for_the_demo():
    Category.objects.filter(slug="se-deplacer").delete()

    seed_demo()

    assert Link.objects.filter(category__slug="se-deplacer").count() == 2
