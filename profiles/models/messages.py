"""Private conversations between two members."""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

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
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("membre")
    )
    second = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("autre membre")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversations_started",
        verbose_name=_("commencée par"),
    )
    created = models.DateTimeField(_("commencée le"), default=timezone.now, db_index=True)
    last_message_at = models.DateTimeField(_("dernier message le"), default=timezone.now)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-last_message_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="conversation_unique_pair"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="conversation_ordered_pair"),
        ]
        indexes = [
            models.Index(fields=["second", "-last_message_at"], name="conversation_second_idx"),
            models.Index(fields=["started_by", "created"], name="conversation_started_idx"),
        ]

    def __str__(self):
        return gettext("Conversation n° %(number)s") % {"number": self.pk}

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
        Conversation, on_delete=models.CASCADE, related_name="messages", verbose_name=_("conversation")
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="messages_sent",
        verbose_name=pgettext_lazy("expéditeur", "de"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="messages_received",
        verbose_name=pgettext_lazy("destinataire", "à"),
    )
    body = models.TextField(_("message"), max_length=3000)
    created = models.DateTimeField(_("envoyé le"), default=timezone.now)
    read_at = models.DateTimeField(_("lu le"), null=True, blank=True)
    notified_at = models.DateTimeField(_("signalé par e-mail le"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["conversation", "created"], name="message_conversation_idx"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="message_unread_idx"),
        ]

    def __str__(self):
        return gettext("Message %(of_sender)s du %(date)s") % {
            "of_sender": de_person(str(self.sender)),
            "date": f"{timezone.localtime(self.created):%d/%m/%Y %H:%M}",
        }
