"""What the e-mail jobs already sent."""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SentNotification(models.Model):
    """What an e-mail job already sent, so that running it again sends nothing twice."""

    class Kind(models.TextChoices):
        WEEKLY_DIGEST = "lettre", _("Lettre de la semaine")
        EVENT_REMINDER = "rappel", _("Rappel de rencontre")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("membre")
    )
    kind = models.CharField(_("e-mail"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("période ou date"), max_length=40)
    sent_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("e-mail envoyé")
        verbose_name_plural = _("e-mails envoyés")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="sent_notification_unique")
        ]
