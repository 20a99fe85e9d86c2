"""The demo communities: members (one person without an account), a discussion, a message of the
hosts; seeding twice adds nothing."""

import pytest

from communities import demo
from communities.models import Community, GuestMember, HostMessage, Membership
from forum.models import Topic

pytestmark = pytest.mark.django_db


def test_the_demo_communities_are_alive_and_seeding_twice_adds_nothing(client):
    from accounts.demo import seed_demo as seed_accounts
    from events.demo import seed_demo as seed_events
    from profiles.demo import seed_demo as seed_profiles

    seed_accounts()
    seed_profiles()
    seed_events()
    summary = demo.seed_demo()
    counts = (Community.objects.count(), Membership.objects.count(), Topic.objects.count())
    demo.seed_demo()

    assert (Community.objects.count(), Membership.objects.count(), Topic.objects.count()) == counts
    assert "3 communautés (3 nouvelles)" in summary
    cafe = Community.objects.get(name="Le café-emploi du mardi à Nantes")
    assert GuestMember.objects.get(community=cafe).first_name == "Jeannine"
    assert HostMessage.objects.filter(community=cafe).exists()
    assert Topic.objects.filter(category=cafe.category, reply_count=2).exists()
    page = client.get("/communautes/").content.decode()
    assert "Le café-emploi du mardi à Nantes" in page
    assert "Jeannine" not in client.get(cafe.get_absolute_url()).content.decode()
