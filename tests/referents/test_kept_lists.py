"""Who the referents' pages list is kept (tousvoisins.fragments): the directory's count and page,
who serves a territory (« Qui est mon référent ? »), a referent for their page, the commune
found for an entry. A referent added, removed in the admin or whose account is closed changes
them on the next request."""

from html import unescape

import pytest

from accounts.gdpr import account_close
from accounts.models import User
from referents.models import Referent
from tests.conftest import CARENE
from tests.factories.referents import PermanenceFactory, ReferentFactory
from tousvoisins.models import Commune

pytestmark = pytest.mark.django_db

LIST = "/referents/"
# 44600: Saint-Nazaire, in the CARENE.
FIND = "/referents/trouver/?q=44600"


def _html(response):
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.fixture
def claire(db):
    referent = ReferentFactory(public_name="Claire", kind=Referent.Kind.TERRITORY, sirens=[CARENE])
    PermanenceFactory(referent=referent, insee="44184", place_name="Maison de quartier de Méan")
    return referent


def _fill(client, referent):
    for path in (LIST, FIND, referent.get_absolute_url()):
        assert client.get(path).status_code == 200


def test_a_new_referent_enters_the_kept_directory_and_lookup_at_once(client, claire):
    _fill(client, claire)
    assert "1 référent" in _html(client.get(LIST))

    ReferentFactory(public_name="Yves", kind=Referent.Kind.TERRITORY, sirens=[CARENE])

    assert "2 référents" in _html(client.get(LIST))
    assert "Yves" in _html(client.get(FIND))


def test_a_referent_removed_in_the_admin_leaves_every_kept_page(client, moderator, claire):
    hugo = ReferentFactory(public_name="Hugo", themes=["emploi"])
    visitor = client.__class__()
    _fill(visitor, claire)

    client.force_login(moderator)
    response = client.post(f"/admin/referents/referent/{claire.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302

    directory = _html(visitor.get(LIST))
    assert "Claire" not in directory and "Hugo" in directory and "1 référent" in directory
    assert "Claire" not in _html(visitor.get(FIND))
    assert visitor.get(f"/referents/{claire.pk}/").status_code == 404
    assert visitor.get(hugo.get_absolute_url()).status_code == 200


def test_a_closed_account_leaves_every_kept_page(client, claire):
    _fill(client, claire)

    account_close(User.objects.get(pk=claire.user_id))

    assert "Claire" not in _html(client.get(LIST))
    assert "Claire" not in _html(client.get(FIND))
    assert client.get(f"/referents/{claire.pk}/").status_code == 404


def test_a_message_goes_to_the_referent_as_they_are_now(client, claire):
    client.get(claire.get_absolute_url())  # the referent is kept for their page
    user = User.objects.get(pk=claire.user_id)
    user.is_active = False
    user.save()

    response = client.post(
        claire.get_absolute_url(), {"name": "Paul", "email": "paul@exemple.fr", "message": "Bonjour"}
    )

    assert response.status_code == 404
    assert not claire.messages.exists()


def test_the_kept_lookup_answers_each_entry_its_own(client, claire):
    assert "Saint-Nazaire" in _html(client.get(FIND))
    blain = _html(client.get("/referents/trouver/?q=Blain"))
    assert "Blain" in blain and "Claire" not in blain
    assert "Claire" in _html(client.get("/referents/trouver/?q=saint nazaire"))
    unknown = _html(client.get("/referents/trouver/?q=Nantess"))
    assert "Claire" not in unknown


@pytest.mark.parametrize("referents", [1, 6])
def test_a_kept_referent_page_makes_no_query_whatever_the_directory(
    client, referents, django_assert_num_queries
):
    for index in range(referents):
        ReferentFactory(public_name=f"Référent {index}", themes=["emploi"])
    referent = Referent.objects.order_by("pk").first()
    # 1 the referent with their account and scope, 2 thèmes, 3 intercommunalités, 4 permanences.
    with django_assert_num_queries(4):
        client.get(referent.get_absolute_url())
    with django_assert_num_queries(0):
        client.get(referent.get_absolute_url())
    # The directory: 1-2 the filter's choices, 3 count, 4 referents, 5-7 their cards; then none.
    with django_assert_num_queries(7):
        client.get(LIST)
    with django_assert_num_queries(0):
        assert f"{referents} référent" in _html(client.get(LIST))


def test_an_exact_name_is_answered_from_the_kept_names_and_a_renamed_commune_follows(
    client, claire, django_assert_num_queries
):
    client.get("/referents/trouver/?q=Blain")  # keeps every commune's exact name
    # Any spelling of another commune's name: no query for the commune (the cards and the next
    # dates of its intercommunalité are read once: 1 who serves it, 2-4 their cards, 5 dates).
    with django_assert_num_queries(5):
        html = _html(client.get("/referents/trouver/?q=ST-NAZAIRE"))
    assert 'value="ST-NAZAIRE"' in html and "Claire" in html
    with django_assert_num_queries(0):
        assert "Claire" in _html(client.get("/referents/trouver/?q=saint nazaire"))

    commune = Commune.objects.get(insee="44184")
    commune.name = "Saint-Nazaire-sur-Loire"
    commune.save()
    html = _html(client.get("/referents/trouver/?q=saint nazaire sur loire"))
    assert "Saint-Nazaire-sur-Loire" in html and "Claire" in html
