"""factory_boy factories for the forum.

    topic = TopicFactory(category="emploi", title="...", author=member)  # with its first post
    PostFactory(topic=topic, author=other_member, body="...")

Categories come from the data migration (forum.categories): `category=` takes a slug.
Both go through what the site does (services.topic_refresh), so a topic's counts are right.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from forum import services
from forum.models import Category, Post, Report, Topic
from tests.factories.profiles import UserFactory


def category(slug):
    return Category.objects.get(slug=slug)


class TopicFactory(factory.django.DjangoModelFactory):
    """A topic of "Solidarité" with an opening post (`body=`) by its author."""

    class Meta:
        model = Topic
        skip_postgeneration_save = True

    # Not a field of Topic: _create() makes the opening post with it.
    body = "Bonjour à tous, qui connaît un bon plan ?"
    category = "solidarite"
    title = factory.Sequence(lambda n: f"Un sujet d'entraide numéro {n}")
    author = factory.SubFactory(UserFactory)
    created = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    last_post_at = factory.SelfAttribute("created")

    @classmethod
    def _create(cls, model_class, *args, body, **kwargs):
        if isinstance(kwargs.get("category"), str):
            kwargs["category"] = category(kwargs["category"])
        topic = super()._create(model_class, *args, **kwargs)
        Post.objects.create(topic=topic, author=topic.author, body=body, created=topic.created)
        services.topic_refresh(topic)
        return topic


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    topic = factory.SubFactory(TopicFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Une réponse utile numéro {n}.")
    created = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        post = super()._create(model_class, *args, **kwargs)
        services.topic_refresh(post.topic)
        return post


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    post = factory.SubFactory(PostFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = Report.Reason.SPAM
    details = "C'est de la publicité."
