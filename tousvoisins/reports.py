"""What every report to the moderation shares (a profile, a private message, a forum post):
its state, who handled it and when. Each app's Report adds what is reported and its reasons."""

from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.utils import timezone


class ReportQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ReportBase.Status.NEW)

    def mark_handled(self, *, by, now=None):
        """Close the pending ones among these, in one UPDATE; returns how many."""
        return self.pending().update(
            status=ReportBase.Status.HANDLED, handled_by=by, handled_at=now or timezone.now()
        )


class ReportBase(models.Model):
    class Status(models.TextChoices):
        NEW = "nouveau", "À traiter"
        HANDLED = "traite", "Traité"

    details = models.TextField("précisions", max_length=2000, blank=True)
    created = models.DateTimeField("signalé le", default=timezone.now)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.NEW)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="traité par",
    )
    handled_at = models.DateTimeField("traité le", null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created"]


class ReportAdminMixin:
    """A report set to "Traité" by hand records who did it; the bulk action does the same."""

    def save_model(self, request, obj, form, change):
        if obj.status == ReportBase.Status.HANDLED and obj.handled_at is None:
            obj.handled_by, obj.handled_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description="Marquer comme traités", permissions=["change"])
    def mark_handled(self, request, queryset):
        count = queryset.mark_handled(by=request.user)
        self.message_user(request, f"{count} signalement(s) marqué(s) comme traité(s).", messages.SUCCESS)
