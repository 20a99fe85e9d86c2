"""A member's forum data: in their JSON download, and left behind signed "Ancien membre" when
they close their account (their subscriptions and reports go)."""

import json

import pytest

from accounts import gdpr
from forum.models import Post, Report, Subscription, Topic
from tests.factories.forum import PostFactory, ReportFactory, TopicFactory
from tests.factories.profiles import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def josiane_on_the_forum():
    josiane = ProfileFactory(display_name="Josiane").user
    topic = TopicFactory(author=josiane, title="Qui a une perceuse ?", body="J'ai deux étagères à fixer.")
    Subscription.objects.create(user=josiane, topic=topic)
    other = TopicFactory(title="Covoiturage")
    reply = PostFactory(topic=other, author=josiane, body="Je passe par Blain le mardi.")
    ReportFactory(reporter=josiane, post=PostFactory(topic=other))
    PostFactory(topic=topic, body="J'en ai une.")
    return {"user": josiane, "topic": topic, "reply": reply}


def test_the_json_download_contains_the_forum_topics_and_posts(client, josiane_on_the_forum):
    client.force_login(josiane_on_the_forum["user"])

    response = client.get("/mon-profil/mes-donnees/telecharger/")

    forum = json.loads(response.content)["forum"]
    assert [topic["titre"] for topic in forum["sujets_ouverts"]] == ["Qui a une perceuse ?"]
    assert [post["texte"] for post in forum["messages"]] == [
        "J'ai deux étagères à fixer.",
        "Je passe par Blain le mardi.",
    ]
    reply = josiane_on_the_forum["reply"]
    assert forum["messages"][1]["adresse_sur_le_site"].endswith(f"/forum/message/{reply.pk}/")
    assert forum["messages"][1]["sujet"] == "Covoiturage"
    assert forum["sujets_suivis"][0]["sujet"] == "Qui a une perceuse ?"
    assert forum["signalements_faits"][0]["raison"] == "Publicité, arnaque ou démarchage"
    assert "J'en ai une." not in response.content.decode()  # someone else's post


def test_closing_the_account_keeps_the_posts_signed_ancien_membre(client, josiane_on_the_forum):
    josiane = josiane_on_the_forum["user"]
    topic, reply = josiane_on_the_forum["topic"], josiane_on_the_forum["reply"]

    gdpr.account_close(josiane)

    assert Topic.objects.get(pk=topic.pk).author is None
    assert Post.objects.get(pk=reply.pk).author is None
    assert Post.objects.get(pk=reply.pk).body == "Je passe par Blain le mardi."
    assert Post.objects.filter(author=None).count() == 2
    assert not Subscription.objects.exists()
    assert not Report.objects.exists()
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Sujet ouvert par Ancien membre" in page
    assert "Josiane" not in page


def test_the_forum_has_a_personal_data_module_found_by_profiles():
    assert "forum" in [label for label, _module in gdpr.personal_data_modules()]
