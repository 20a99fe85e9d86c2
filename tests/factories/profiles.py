"""Factories for members' profiles, conversations and reports (factory_boy).

    ProfileFactory(user__username="jean", commune="44109", interests=["cuisiner"], skills=[...])

`commune` takes an INSEE code (the real territory is loaded once per session), tag sets take
labels as members type them. `bulk_members()` makes thousands of members quickly for the
query-count and EXPLAIN tests.
"""

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.charter import CHARTER_VERSION
from accounts.models import Block, User
from profiles.models import (
    Conversation,
    InterestItem,
    Message,
    Profile,
    SkillItem,
    Tag,
    WishItem,
)
from tests.conftest import PASSWORD
from tousvoisins.models import Commune, Theme


class UserFactory(factory.django.DjangoModelFactory):
    """A member who signed up a while ago, with a verified address and the current charter."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"membre-{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@exemple.fr")
    charter_version = CHARTER_VERSION
    date_joined = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=60))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        user = model_class.objects.create_user(*args, password=PASSWORD, **kwargs)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user


def _commune(insee):
    return (
        Commune.objects.only("pk", "insee", "name", "intercommunalite_id").get(insee=insee) if insee else None
    )


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        skip_postgeneration_save = True

    class Params:
        insee = None

    user = factory.SubFactory(UserFactory)
    display_name = factory.LazyAttribute(lambda profile: profile.user.username.split("-")[0].capitalize())
    commune = factory.LazyAttribute(lambda profile: _commune(profile.insee))

    @factory.post_generation
    def interests(self, create, extracted, **kwargs):
        if create and extracted:
            self.interests.set(Tag.objects.for_labels(extracted))

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(Tag.objects.for_labels(extracted))

    @factory.post_generation
    def wishes(self, create, extracted, **kwargs):
        if create and extracted:
            self.wishes.set(Tag.objects.for_labels(extracted))

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(Theme.objects.filter(slug__in=extracted))


def profile_for(user, **kwargs):
    """A profile for an existing account (the conftest personas)."""
    return ProfileFactory(user=user, **kwargs)


def conversation_between(sender, recipient, *bodies):
    """A conversation where `sender` wrote `bodies` to `recipient` (all unread)."""
    first, second = sorted([sender, recipient], key=lambda user: user.pk)
    conversation, _ = Conversation.objects.get_or_create(
        first=first, second=second, defaults={"started_by": sender}
    )
    for body in bodies:
        Message.objects.create(conversation=conversation, sender=sender, recipient=recipient, body=body)
    return conversation


def block(blocker, blocked):
    return Block.objects.create(blocker=blocker, blocked=blocked)


def bulk_members(count, *, prefix="foule", tag_count=2, tags_each=2, insees=("44109", "44184")):
    """`count` members with profiles, each with `tags_each` of `tag_count` tags in each set, in a few queries.

    Tags are "loisir 0", "loisir 1", …; member i has tags i, i+1, … (mod tag_count).
    """
    communes = [_commune(insee) for insee in insees]
    users = User.objects.bulk_create(
        User(username=f"{prefix}-{i}", email=f"{prefix}-{i}@exemple.fr", charter_version=CHARTER_VERSION)
        for i in range(count)
    )
    profiles = Profile.objects.bulk_create(
        Profile(user=user, display_name=f"Foule {i}", commune=communes[i % len(communes)])
        for i, user in enumerate(users)
    )
    tags = Tag.objects.for_labels([f"loisir {k}" for k in range(tag_count)])
    for model in (InterestItem, SkillItem, WishItem):
        model.objects.bulk_create(
            model(content_object=profile, tag=tags[(i + offset) % len(tags)])
            for i, profile in enumerate(profiles)
            for offset in range(min(tags_each, len(tags)))
        )
    return profiles
