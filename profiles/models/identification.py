"""The two tables of the personal-data rules: what was given at sign-up (SignupRecord, kept
while the account lives) and what is kept one year after an account is closed
(RetainedIdentification, décret n° 2021-1362)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.gis.db import models
from django.utils import timezone


class SignupRecord(models.Model):
    """What a person gave when creating their account, with the address they came from.

    French hosting law (décret n° 2021-1362) asks to keep this until one year after the account is
    closed: on closure it moves to RetainedIdentification, and this row goes with the account.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="signup_record",
        verbose_name="compte",
    )
    email = models.EmailField("adresse e-mail à l'inscription")
    ip_address = models.GenericIPAddressField("adresse IP à l'inscription", null=True, blank=True)
    created = models.DateTimeField("inscrit le", default=timezone.now)

    class Meta:
        verbose_name = "données d'inscription"
        verbose_name_plural = "données d'inscription"


RETENTION = timedelta(days=365)


class RetainedIdentificationQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(closed_at__lte=(now or timezone.now()) - RETENTION)


class RetainedIdentification(models.Model):
    """The only trace of a closed account, kept one year for the judicial authorities, then purged.

    Here, in the app that closes accounts, rather than in accounts: it is no account any more, it
    has no link to one, and only the moderators may read it (see admin.py and the purge command
    purge_retained_identifications).
    """

    email = models.EmailField("adresse e-mail à la fermeture")
    signup_email = models.EmailField("adresse e-mail à l'inscription")
    signed_up_at = models.DateTimeField("inscrit le")
    signup_ip_address = models.GenericIPAddressField("adresse IP à l'inscription", null=True, blank=True)
    closed_at = models.DateTimeField("compte fermé le", default=timezone.now, db_index=True)

    objects = RetainedIdentificationQuerySet.as_manager()

    class Meta:
        ordering = ["-closed_at"]
        verbose_name = "identification conservée"
        verbose_name_plural = "identifications conservées (comptes fermés)"

    def __str__(self):
        return f"Compte fermé le {timezone.localtime(self.closed_at):%d/%m/%Y}"

    @property
    def purge_on(self):
        return self.closed_at + RETENTION
