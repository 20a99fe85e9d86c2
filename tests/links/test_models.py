"""Useful links: what a link must say, and the site's name shown to people."""

import pytest
from django.core.exceptions import ValidationError

from links.models import Category, Link
from tests.factories.links import LinkFactory

pytestmark = pytest.mark.django_db


def _link(**fields):
    return Link(
        **{
            "title": "Pix",
            "url": "https://pix.fr/",
            "category": Category.objects.get(slug="debuter-avec-le-numerique"),
            "purpose": "Pour tester ce que vous savez faire sur ordinateur.",
            "cost": Link.Cost.FREE_WITH_ACCOUNT,
            "organisation": "Pix, un service public",
            **fields,
        }
    )


def test_the_seeded_categories_are_there_in_their_order():
    assert list(Category.objects.values_list("name", flat=True)) == [
        "Démarches en ligne",
        "Emploi et formation",
        "Santé et droits",
        "Se loger",
        "Se déplacer",
        "Débuter avec le numérique",
        "Apprendre en ligne",
    ]
    assert all(category.description.endswith(".") for category in Category.objects.all())


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.service-public.fr/particuliers/vosdroits", "service-public.fr"),
        ("https://aleop.paysdelaloire.fr/", "aleop.paysdelaloire.fr"),
        ("http://WWW.Exemple.FR:8080/page", "exemple.fr"),
    ],
)
def test_the_domain_is_the_sites_name_without_www(url, domain):
    assert _link(url=url).domain == domain


def test_a_complete_link_is_valid_and_its_purpose_is_trimmed():
    link = _link(purpose="  Pour tester ce que vous savez faire.  ")

    link.full_clean()

    assert link.purpose == "Pour tester ce que vous savez faire."


def test_the_purpose_starts_with_pour():
    with pytest.raises(ValidationError) as error:
        _link(purpose="Tester ses compétences.").full_clean()

    assert "Commencez la phrase par « Pour »" in error.value.message_dict["purpose"][0]


@pytest.mark.parametrize("url", ["ftp://pix.fr/", "javascript:alert(1)", "pix.fr"])
def test_only_web_addresses_are_accepted(url):
    with pytest.raises(ValidationError) as error:
        _link(url=url).full_clean()

    assert error.value.message_dict["url"] == [
        "Écrivez l'adresse complète du site, par exemple https://www.service-public.fr/."
    ]


def test_a_site_is_listed_once():
    LinkFactory(url="https://pix.fr/")

    with pytest.raises(ValidationError) as error:
        _link().full_clean()

    assert error.value.message_dict["url"] == ["Ce site est déjà dans les liens utiles."]


def test_a_category_with_links_is_protected():
    from django.db.models import ProtectedError

    link = LinkFactory()

    with pytest.raises(ProtectedError):
        link.category.delete()


def test_forgetting_checks_clears_every_trace():
    link = _link(
        failures=3, is_broken=True, check_status=404, check_result="…", redirected_to="https://x.fr/"
    )

    link.forget_checks()

    assert (link.failures, link.is_broken, link.check_status, link.check_result, link.redirected_to) == (
        0,
        False,
        None,
        "",
        "",
    )
