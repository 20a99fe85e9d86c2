"""A member's communities in "Télécharger mes données" and when the account is closed."""

import pytest

from accounts import gdpr
from communities.models import HostMessage, Membership
from communities.services import host_message_send
from tests.factories.communities import CommunityFactory

pytestmark = pytest.mark.django_db


def test_the_export_lists_my_communities_and_what_i_wrote_as_host(alice):
    community = CommunityFactory(name="Les cuisiniers du mardi", members=[alice], hosts=[alice])
    host_message_send(community=community, author=alice, subject="Mardi", body="Pas d'atelier.")

    data = gdpr.export_data(alice)["communities"]

    assert [item["nom"] for item in data["communautes"]] == ["Les cuisiniers du mardi"]
    assert data["communautes"][0]["adresse_sur_le_site"].endswith(community.get_absolute_url())
    assert data["communautes_dont_je_suis_hote"] == ["Les cuisiniers du mardi"]
    assert data["messages_ecrits_aux_membres"][0]["objet"] == "Mardi"


def test_closing_the_account_takes_memberships_and_hosting_keeps_messages_unsigned(alice):
    community = CommunityFactory(members=[alice], hosts=[alice])
    host_message_send(community=community, author=alice, subject="Mardi", body="Pas d'atelier.")

    gdpr.account_close(alice)

    assert not Membership.objects.exists()
    assert not community.hosts.exists()
    assert HostMessage.objects.get().author is None
