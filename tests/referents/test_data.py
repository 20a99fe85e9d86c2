"""A person's data in the referents app (download, erase), and the demo referents."""

import json

import pytest

from accounts.demo import seed_demo as seed_demo_accounts
from accounts.models import Scope
from referents import demo
from referents.models import Referent, ReferentMessage
from referents.personal_data import erase_user_data, export_user_data
from tests.conftest import make_user
from tests.factories.referents import PermanenceFactory, ReferentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sophie(db):
    referent = ReferentFactory(public_name="Sophie", user=make_user("sophie"), themes=["emploi"])
    PermanenceFactory(referent=referent, insee="44015", place_name="Centre social")
    return referent


def test_the_export_has_the_messages_a_member_sent_and_nothing_of_others(sophie, member, other_member):
    ReferentMessage.objects.create(
        referent=sophie, sender=member, name="Alice", email=member.email, message="Bonjour Sophie"
    )
    ReferentMessage.objects.create(
        referent=sophie, sender=other_member, name="Bob", email=other_member.email, message="Autre"
    )

    data = export_user_data(member)

    assert json.dumps(data)  # ready for the JSON download
    [message] = data["messages_aux_referents"]
    assert message["referent"] == "Sophie"
    assert message["message"] == "Bonjour Sophie"
    assert message["adresse_pour_repondre"] == "alice@exemple.fr"
    assert data["fiche_de_referent"] is None


def test_the_export_of_a_referent_has_their_card_and_permanences(sophie):
    data = export_user_data(sophie.user)

    card = data["fiche_de_referent"]
    assert card["nom_affiche"] == "Sophie"
    assert card["suit"] == "Emploi"
    assert card["permanences"] == ["le mardi de 14 h à 17 h, Centre social, Blain"]


def test_erasing_deletes_the_messages_sent_and_the_referent_card(sophie, member):
    ReferentMessage.objects.create(
        referent=sophie, sender=member, name="Alice", email=member.email, message="M"
    )
    other = ReferentFactory(public_name="Autre")
    ReferentMessage.objects.create(
        referent=other, sender=sophie.user, name="Sophie", email="s@x.fr", message="M"
    )

    erase_user_data(member)
    erase_user_data(sophie.user)

    assert not ReferentMessage.objects.exists()
    assert list(Referent.objects.all()) == [other]
    user = sophie.user
    user.refresh_from_db()
    assert not user.is_staff
    assert not user.groups.exists()
    assert not Scope.objects.filter(user=user).exists()


def test_the_demo_adds_example_referents_once(db):
    seed_demo_accounts()

    first = demo.seed_demo()
    second = demo.seed_demo()

    assert first == f"{len(demo.REFERENTS)} référents d'exemple ajoutés ({len(demo.REFERENTS)} en tout)"
    assert second == f"0 référents d'exemple ajoutés ({len(demo.REFERENTS)} en tout)"
    referents = Referent.objects.active()
    assert referents.count() == len(demo.REFERENTS)
    assert all("(exemple)" in referent.public_name for referent in referents)
    assert all(demo.EXAMPLE_NOTICE in referent.presentation for referent in referents)
    assert referents.territorial().count() >= 3
    assert referents.thematic().count() >= 3
    claire = Referent.objects.get(user__username="claire-nantes")
    assert claire.area_in_words == "Nantes Métropole"
    assert claire.permanences.count() == 2
