"""What the e-mail jobs already sent."""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils import timezone


class SentNotification(models.Model):
    """What an e-mail job already sent, so that running it again sends nothing twice."""

    class Kind(models.TextChoices):
        WEEKLY_DIGEST = "lettre", "Lettre de la semaine"
        EVENT_REMINDER = "rappel", "Rappel de rencontre"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="membre"
    )
    kind = models.CharField("e-mail", max_length=10, choices=Kind.choices)
    key = models.CharField("période ou date", max_length=40)
    sent_at = models.DateTimeField("envoyé le", default=timezone.now)

    class Meta:
        verbose_name = "e-mail envoyé"
        verbose_name_plural = "e-mails envoyés"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="sent_notification_unique")
        ]
