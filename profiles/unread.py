"""How many messages a member has not read, for the layout's « Mes messages (n non lus) » on
every page: kept (tousvoisins.fragments) under the member's own stamp, which a message received,
read or deleted changes, instead of counted on every request."""

from django.db.models.signals import post_delete, post_save

from tousvoisins import content_stamp, fragments


def count(user):
    from .models import Message

    return fragments.kept(
        "profiles/unread",
        lambda: Message.objects.unread_for(user).count(),
        areas=(content_stamp.member(user.pk),),
        key=user.pk,
    )


def connect():
    """A message saved (sent, read) or deleted changes its recipient's count (from ProfilesConfig.ready);
    marking a conversation read with QuerySet.update() bumps the stamp itself
    (profiles.services.conversation_mark_read)."""
    from .models import Message

    def receiver(sender, instance, raw=False, **kwargs):
        if not raw:
            content_stamp.bump_member(instance.recipient_id)

    post_save.connect(receiver, sender=Message, weak=False, dispatch_uid="message-member-stamp:save")
    post_delete.connect(receiver, sender=Message, weak=False, dispatch_uid="message-member-stamp:delete")
