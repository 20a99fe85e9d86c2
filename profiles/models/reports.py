"""Members' reports of a profile or a private message."""

from django.conf import settings
from django.contrib.gis.db import models

from tousvoisins.reports import ReportBase

from .messages import Message


class Report(ReportBase):
    """A member tells the moderators about a profile or a message. Only moderators read these."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports_made",
        verbose_name="signalé par",
    )
    reported_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports_received",
        verbose_name="membre signalé",
    )
    message = models.ForeignKey(
        Message,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name="message signalé",
    )
    moderator_note = models.TextField(
        "note de la modération", blank=True, help_text="Ce qui a été fait. Jamais montré au membre."
    )

    class Meta(ReportBase.Meta):
        verbose_name = "signalement"
        verbose_name_plural = "signalements"
        indexes = [models.Index(fields=["status", "-created"], name="report_status_idx")]

    def __str__(self):
        what = "un message" if self.message_id else "un profil"
        return f"Signalement d’{what} ({self.get_reason_display().lower()})"

    def notification_summary(self):
        what = "Message privé" if self.message_id else "Profil d'un membre"
        return f"{what} : {self.get_reason_display().lower()}"
