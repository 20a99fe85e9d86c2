"""People registered to a date by a referent or the organiser: no account, no e-mail, only what
is needed to call them (a first name, a phone number or a postal address) and their consent.

Only the organiser, the referents who look after the event and the moderators ever see them
(Event.participants_visible_to); they count in the places of the date; they are erased a set
time after it (events.personal_data.purge_expired_data).
"""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tousvoisins.dates import day_in_words

PHONE_OR_ADDRESS = _(
    "Donnez un numéro de téléphone ou une adresse postale, pour pouvoir joindre la personne."
)
PHONE_ERROR = _("Écrivez un numéro de téléphone de 10 chiffres, par exemple 02 40 00 00 00.")


def _phone_digits(phone):
    digits = re.sub(r"\D", "", phone)
    # "+33 2 40 …" and "0033 2 40 …" are French numbers written from abroad.
    for prefix in ("0033", "33"):
        if phone.strip().startswith(("+", "00")) and digits.startswith(prefix):
            return "0" + digits[len(prefix) :]
    return digits


class ProxyRegistrationQuerySet(models.QuerySet):
    def expired(self, now=None):
        """Registrations to a date that ended more than PHONE_REGISTRATION_RETENTION_DAYS ago."""
        now = now or timezone.now()
        limit = now - timedelta(days=settings.PHONE_REGISTRATION_RETENTION_DAYS)
        return self.filter(occurrence__end__lt=limit)

    def for_who_comes(self, occurrences):
        """The people registered to `occurrences`, by date then first name, with who registered them."""
        return (
            self.filter(occurrence__in=occurrences)
            .select_related("registered_by__profile", "accompaniment_request")
            .order_by("occurrence_id", "first_name", "pk")
        )


class ProxyRegistration(models.Model):
    """A person without an account, registered to one date by someone who looks after the event."""

    class Channel(models.TextChoices):
        PHONE = "telephone", _("par téléphone")
        IN_PERSON = "en-personne", _("en personne")
        MAIL = "courrier", _("par courrier")

    occurrence = models.ForeignKey(
        "events.Occurrence",
        on_delete=models.CASCADE,
        related_name="proxy_registrations",
        verbose_name=_("date"),
    )
    first_name = models.CharField(_("prénom"), max_length=80)
    phone = models.CharField(
        _("téléphone"),
        max_length=30,
        blank=True,
        help_text=_("Pour appeler la personne la veille, par exemple 02 40 00 00 00."),
    )
    postal_address = models.CharField(
        _("adresse postale"),
        max_length=300,
        blank=True,
        help_text=_("Si la personne n'a pas de téléphone : pour lui écrire."),
    )
    consent_given_on = models.DateField(_("accord donné le"))
    consent_channel = models.CharField(
        _("accord donné"), max_length=20, choices=Channel.choices, default=Channel.PHONE
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proxy_registrations_made",
        verbose_name=_("inscrite par"),
    )
    notes = models.CharField(
        _("remarques"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple : vient en fauteuil, a besoin qu'on l'appelle la veille."),
    )
    created = models.DateTimeField(_("inscrite le"), auto_now_add=True)

    objects = ProxyRegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["occurrence_id", "first_name", "pk"]
        verbose_name = _("inscription par un référent")
        verbose_name_plural = _("inscriptions par un référent")
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(postal_address=""),
                name="proxy_registration_phone_or_address",
            )
        ]

    def __str__(self):
        return f"{self.first_name} — {self.occurrence}"

    def clean(self):
        self.first_name = self.first_name.strip()
        self.phone = self.phone.strip()
        self.postal_address = self.postal_address.strip()
        errors = {}
        if not self.phone and not self.postal_address:
            errors["phone"] = PHONE_OR_ADDRESS
        elif self.phone and len(_phone_digits(self.phone)) != 10:
            errors["phone"] = PHONE_ERROR
        if self.consent_given_on and self.consent_given_on > timezone.localdate():
            errors["consent_given_on"] = gettext(
                "L'accord ne peut pas être donné dans le futur : vérifiez la date."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def consent_in_words(self):
        day = day_in_words(self.consent_given_on)
        return gettext("La personne a donné son accord le %(day)s, %(channel)s.") % {
            "day": day,
            "channel": self.get_consent_channel_display(),
        }
