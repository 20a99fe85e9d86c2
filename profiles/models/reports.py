"""Members' reports of a profile or a private message."""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tousvoisins.reports import ReportBase

from .messages import Message


class Report(ReportBase):
    """A member tells the moderators about a profile or a message. Only moderators read these."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports_made",
        verbose_name=_("signalé par"),
    )
    reported_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports_received",
        verbose_name=_("membre signalé"),
    )
    message = models.ForeignKey(
        Message,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("message signalé"),
    )
    moderator_note = models.TextField(
        _("note de la modération"), blank=True, help_text=_("Ce qui a été fait. Jamais montré au membre.")
    )

    class Meta(ReportBase.Meta):
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        indexes = [models.Index(fields=["status", "-created"], name="report_status_idx")]

    def __str__(self):
        reason = self.get_reason_display().lower()
        if self.message_id:
            return gettext("Signalement d’un message (%(reason)s)") % {"reason": reason}
        return gettext("Signalement d’un profil (%(reason)s)") % {"reason": reason}

    def notification_summary(self):
        reason = self.get_reason_display().lower()
        if self.message_id:
            return gettext("Message privé : %(reason)s") % {"reason": reason}
        return gettext("Profil d'un membre : %(reason)s") % {"reason": reason}
