"""Private conversations between two members."""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from tousvoisins.french import de_person


class ConversationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(Q(first=user) | Q(second=user))

    def between(self, user, other):
        first, second = sorted([user.pk, other.pk])
        return self.filter(first_id=first, second_id=second)

    def for_inbox(self, user):
        """The member's threads, latest first, with unread counts and the last message: one query."""
        unread = (
            Message.objects.filter(conversation=OuterRef("pk"), recipient=user, read_at__isnull=True)
            .order_by()
            .values("conversation")
            .annotate(count=Count("pk"))
            .values("count")
        )
        last = Message.objects.filter(conversation=OuterRef("pk")).order_by("-created", "-pk")
        return (
            self.for_user(user)
            .select_related("first__profile", "second__profile")
            .only(
                "last_message_at",
                "first__username",
                "second__username",
                "first__profile__display_name",
                "first__profile__photo",
                "first__profile__visibility",
                "second__profile__display_name",
                "second__profile__photo",
                "second__profile__visibility",
            )
            .annotate(
                unread=Coalesce(Subquery(unread), 0),
                last_body=Subquery(last.values("body")[:1]),
                last_sender_id=Subquery(last.values("sender_id")[:1]),
            )
            .order_by("-last_message_at", "-pk")
        )


class Conversation(models.Model):
    """A private thread between two members (`first` has the smaller id, so a pair has one thread)."""

    first = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="membre"
    )
    second = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="autre membre"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversations_started",
        verbose_name="commencée par",
    )
    created = models.DateTimeField("commencée le", default=timezone.now, db_index=True)
    last_message_at = models.DateTimeField("dernier message le", default=timezone.now)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-last_message_at"]
        verbose_name = "conversation"
        verbose_name_plural = "conversations"
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="conversation_unique_pair"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="conversation_ordered_pair"),
        ]
        indexes = [
            models.Index(fields=["second", "-last_message_at"], name="conversation_second_idx"),
            models.Index(fields=["started_by", "created"], name="conversation_started_idx"),
        ]

    def __str__(self):
        return f"Conversation n° {self.pk}"

    def get_absolute_url(self):
        return reverse("profiles:conversation", kwargs={"pk": self.pk})

    def other(self, user):
        return self.second if self.first_id == user.pk else self.first

    def has_member(self, user):
        return user.pk in (self.first_id, self.second_id)


class MessageQuerySet(models.QuerySet):
    def unread_for(self, user):
        return self.filter(recipient=user, read_at__isnull=True)

    def to_notify(self):
        """Unread messages nobody has been told about by e-mail yet."""
        return self.filter(read_at__isnull=True, notified_at__isnull=True)


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", verbose_name="conversation"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_sent", verbose_name="de"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="messages_received",
        verbose_name="à",
    )
    body = models.TextField("message", max_length=3000)
    created = models.DateTimeField("envoyé le", default=timezone.now)
    read_at = models.DateTimeField("lu le", null=True, blank=True)
    notified_at = models.DateTimeField("signalé par e-mail le", null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = "message"
        verbose_name_plural = "messages"
        indexes = [
            models.Index(fields=["conversation", "created"], name="message_conversation_idx"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="message_unread_idx"),
        ]

    def __str__(self):
        return f"Message {de_person(str(self.sender))} du {timezone.localtime(self.created):%d/%m/%Y %H:%M}"
