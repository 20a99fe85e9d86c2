"""`manage.py seed_bench`: the benchmark's data, at the smallest scale (S, a tenth of M)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.bench import BENCH_PASSWORD
from accounts.models import User
from events.models import Event, Occurrence
from forum.models import Post, Topic
from forum.services import topic_refresh
from news.models import NewsItem
from profiles.models import Profile
from referents.models import Referent
from tousvoisins.bench_scales import BENCH_PREFIX, SCALES

pytestmark = [pytest.mark.django_db, pytest.mark.bench]
S = SCALES["S"]


def seed():
    out = io.StringIO()
    call_command("seed_bench", "--scale", "S", "--i-know-this-is-not-production", stdout=out)
    return out.getvalue()


def counts():
    return (
        User.objects.filter(username__startswith=BENCH_PREFIX).count(),
        Profile.objects.filter(user__username__startswith=BENCH_PREFIX).count(),
        Event.objects.filter(external_uid__startswith=BENCH_PREFIX).count(),
        Event.objects.filter(external_uid__startswith=BENCH_PREFIX).exclude(recurrence="").count(),
        Referent.objects.count(),
        Post.objects.filter(author__username__startswith=BENCH_PREFIX).count(),
        NewsItem.objects.count(),
    )


def test_it_seeds_the_scale_s_once_and_a_second_run_adds_nothing():
    output = seed()
    assert counts() == (
        S.members,
        S.members,
        S.events,
        S.recurring_events,
        S.referents,
        S.forum_posts,
        S.news,
    )
    assert "Banc d'essai S prêt" in output
    # Each recurring event has its dates for the coming year, so lists see a full calendar.
    assert Occurrence.objects.count() > S.events + 10 * S.recurring_events
    before = (counts(), Occurrence.objects.count())
    assert "déjà là" in seed()
    assert (counts(), Occurrence.objects.count()) == before


def test_bench_topics_are_counted_as_the_forum_counts_them(client):
    seed()
    topic = Topic.objects.filter(posts__hidden=True).first() or Topic.objects.first()
    seeded = (topic.reply_count, topic.last_post_id, topic.last_post_at)
    topic_refresh(topic)
    topic.refresh_from_db()
    assert (topic.reply_count, topic.last_post_id, topic.last_post_at) == seeded
    assert client.get(topic.get_absolute_url()).status_code == 200
    assert client.get(topic.category.get_absolute_url()).status_code == 200


def test_a_bench_member_signs_in_with_the_bench_password(client: Client):
    seed()
    member = User.objects.filter(username__startswith=BENCH_PREFIX).first()
    response = client.post("/comptes/login/", {"login": member.email, "password": BENCH_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/mon-profil/").status_code == 200


def test_it_refuses_without_debug_unless_told_it_is_not_production():
    with pytest.raises(CommandError, match="DEBUG est désactivé"):
        call_command("seed_bench", "--scale", "S")
    assert counts()[0] == 0


def test_the_bench_urls_add_the_floor_view_to_the_site(client, settings):
    settings.ROOT_URLCONF = "tousvoisins.urls_bench"
    floor = client.get("/banc/plancher/")
    assert floor.status_code == 200
    assert "Bonjour" in floor.content.decode()
    assert client.get("/sante/").status_code == 200
    settings.ROOT_URLCONF = "tousvoisins.urls"
    assert client.get("/banc/plancher/").status_code == 404  # never part of the real site
