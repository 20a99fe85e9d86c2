"""Writes on communities: making one (with its discussion), joining, leaving, the hosts' messages."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from forum.models import Category, Subscription
from tousvoisins.content_language import DEFAULT as DEFAULT_LANGUAGE
from tousvoisins.mail import send_templated_email, translated
from tousvoisins.phones import normalize_phone
from tousvoisins.site import absolute_url

from .models import Community, GuestMember, HostMessage, Membership


def community_category_ensure(community):
    """Give `community` its discussion (a forum category of the kind "communauté"), once; its
    name follows the community's."""
    if community.category_id:
        Category.objects.filter(pk=community.category_id).update(name=community.category_name)
        return community.category
    category = Category.objects.create(
        kind=Category.Kind.COMMUNITY,
        name=community.category_name,
        # The community's id keeps it unique when long names share their beginning.
        slug=f"communaute-{community.pk}-{community.slug}"[:60].strip("-"),
        description=f"La discussion des membres de la communauté « {community.name} »."[:250],
        order=1000,
    )
    community.category = category
    Community.objects.filter(pk=community.pk).update(category=category)
    return category


@transaction.atomic
def community_create(
    *,
    name,
    theme,
    description,
    language=DEFAULT_LANGUAGE,
    commune=None,
    intercommunalite=None,
    welcome_message="",
    hosts=(),
    events=(),
    by=None,
):
    community = Community(
        name=name,
        theme=theme,
        description=description,
        language=language,
        welcome_message=welcome_message,
        commune=commune,
        intercommunalite=intercommunalite,
        created_by=by,
        updated_by=by,
    )
    community.full_clean()
    community.save()
    community.hosts.set(hosts)
    community.events.set(events)
    community_category_ensure(community)
    return community


@transaction.atomic
def community_join(*, community, user, now=None):
    """One click: the member belongs to the community (twice is still once). True if new."""
    try:
        with transaction.atomic():
            Membership.objects.create(community=community, user=user, joined_at=now or timezone.now())
    except IntegrityError:
        return False
    return True


@transaction.atomic
def community_leave(*, community, user):
    """One click: the member leaves; they stop following the topics of its discussion."""
    deleted, _ = Membership.objects.filter(community=community, user=user).delete()
    if community.category_id:
        Subscription.objects.filter(user=user, topic__category_id=community.category_id).delete()
    return bool(deleted)


@transaction.atomic
def guest_from_registration(*, community, registration, by=None):
    """Count as a member the person a referent registered to a date (events.ProxyRegistration):
    the same person record (first name, phone or address, consent), kept with the community when
    the registration is erased after its date. Once per person (same first name and phone)."""
    try:
        phone = normalize_phone(registration.phone)
    except ValidationError:
        phone = registration.phone  # as the referent wrote it: the hosts can still read it
    guest, _ = GuestMember.objects.get_or_create(
        community=community,
        first_name=registration.first_name,
        phone=phone,
        defaults={
            "postal_address": registration.postal_address,
            "consent_given_on": registration.consent_given_on,
            "consent_channel": registration.consent_channel,
            "notes": registration.notes,
            "added_by": by,
        },
    )
    return guest


@transaction.atomic
def host_message_send(*, community, author, subject, body, now=None):
    """Keep the hosts' message (members read it on the page) and send it to every member by
    e-mail, in one task that batches them once the transaction is committed."""
    message = HostMessage(
        community=community, author=author, subject=subject, body=body, created=now or timezone.now()
    )
    message.full_clean()
    message.save()
    transaction.on_commit(lambda: send_host_message.enqueue(message_id=message.pk))
    return message


def host_message_recipients(community):
    """Members with an address who did not turn these e-mails off (Profile.community_messages)."""
    return (
        Membership.objects.filter(community=community, user__is_active=True)
        .exclude(user__email="")
        .exclude(user__profile__community_messages=False)
        .select_related("user__profile")
        .order_by("user_id")
    )


@task
def send_host_message(*, message_id):
    """One task for all the members: each gets their own e-mail, with their own one-click
    unsubscribe link (kind "communautes")."""
    message = HostMessage.objects.select_related("community", "author__profile").get(pk=message_id)
    community = message.community
    url = absolute_url(community.get_absolute_url())
    sent = 0
    for membership in host_message_recipients(community):
        member = membership.user
        send_templated_email(
            "communities/emails/host_message",
            {
                "name": member.public_name,
                "community": community,
                "community_url": url,
                "message": message,
                "author": message.author.public_name if message.author else gettext_lazy("Les hôtes"),
                "leave_url": absolute_url(reverse("communities:detail", kwargs={"slug": community.slug})),
            },
            to=[member.email],
            subject=translated(
                # Translators: an e-mail's subject: the community's name, then the hosts' subject.
                gettext_lazy("%(community)s : %(subject)s"),
                community=community.name,
                subject=message.subject,
            ),
            unsubscribe=(member, "communautes"),
            on_commit=False,
        )
        sent += 1
    HostMessage.objects.filter(pk=message.pk).update(recipient_count=sent)
    return sent
