"""Accounts: the user, the charter they accepted, their referent scope, suspensions and
blocks.

Also the two tables of the personal-data rules: what was given at sign-up (SignupRecord, kept
while the account lives) and what is kept one year after an account is closed
(RetainedIdentification, décret n° 2021-1362).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import models as auth_models
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Group names, created by migration 0002 with their permissions.
THEMATIC_REFERENTS = "Référents thématiques"
TERRITORY_REFERENTS = "Référents de territoire"
MODERATION = "Modération"


class UserQuerySet(models.QuerySet):
    def moderators(self):
        """Active members of the Modération group (one row each: a group's name is unique)."""
        return self.filter(is_active=True, groups__name=MODERATION)


class UserManager(auth_models.UserManager.from_queryset(UserQuerySet)):
    # Django's create_user and create_superuser, plus the QuerySet above. Migrations' historical
    # User gets a plain manager instead (migration 0003): no data migration needs these methods.
    use_in_migrations = False

    def moderation_addresses(self):
        """Where mail for the moderation goes: the moderators' addresses, else the configured
        MODERATION_EMAILS (before the first moderator account has an address)."""
        emails = list(
            self.moderators().exclude(email="").order_by("email").values_list("email", flat=True).distinct()
        )
        return emails or list(settings.MODERATION_EMAILS)


class User(auth_models.AbstractUser):
    # What the community charter said when this person accepted it (its date is its version).
    charter_version = models.DateField(_("version de la charte acceptée"), null=True, blank=True)
    charter_accepted_at = models.DateTimeField(_("charte acceptée le"), null=True, blank=True)
    # The language of the e-mails the member receives (the site's follows the `langue` cookie).
    language = models.CharField(
        _("langue"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        # The dashboard's "Nouveaux membres par mois" reads one period of sign-ups, not every account.
        indexes = [models.Index(fields=["date_joined"], name="user_date_joined_idx")]

    def _group_names(self):
        if not hasattr(self, "_cached_group_names"):
            self._cached_group_names = set(self.groups.values_list("name", flat=True))
        return self._cached_group_names

    @property
    def is_moderator(self):
        return self.is_superuser or MODERATION in self._group_names()

    @property
    def is_referent(self):
        return bool({THEMATIC_REFERENTS, TERRITORY_REFERENTS} & self._group_names())

    def current_suspension(self):
        return self.suspensions.current().first()

    @property
    def public_name(self):
        """What other people see of this account: the profile's name (Profils tab), else the first
        name, else the username; never the e-mail address. Select `profile` to avoid a query."""
        profile = getattr(self, "profile", None)  # no profile: RelatedObjectDoesNotExist, an AttributeError
        if profile is not None and profile.display_name:
            return profile.display_name
        return self.first_name.strip() or self.username


class Scope(models.Model):
    """What a referent looks after: thèmes, an intercommunalité, or both.

    The admin of every app filters what a referent sees and edits through this one model
    (see accounts.scoping.ScopedAdminMixin).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="scope",
        verbose_name=_("utilisateur"),
    )
    themes = models.ManyToManyField("tousvoisins.Theme", blank=True, verbose_name=_("thèmes"))
    intercommunalites = models.ManyToManyField(
        "tousvoisins.Intercommunalite", blank=True, verbose_name=_("intercommunalités")
    )

    class Meta:
        verbose_name = _("périmètre de référent")
        verbose_name_plural = _("périmètres de référents")

    def __str__(self):
        return _("Périmètre de %(user)s") % {"user": self.user}


class SuspensionQuerySet(models.QuerySet):
    def current(self, now=None):
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, ends_at__gt=now, lifted_at__isnull=True).order_by("-ends_at")


class Suspension(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="suspensions",
        verbose_name=_("membre"),
    )
    reason = models.TextField(
        _("motif"), help_text=_("Ce texte est montré au membre. Restez factuel et poli.")
    )
    starts_at = models.DateTimeField(_("début"), default=timezone.now)
    ends_at = models.DateTimeField(_("fin"))
    lifted_at = models.DateTimeField(_("levée le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="suspension_ends_after_start"
            )
        ]

    def __str__(self):
        return _("Suspension de %(user)s jusqu'au %(date)s") % {
            "user": self.user,
            "date": f"{timezone.localtime(self.ends_at):%d/%m/%Y}",
        }

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("La fin doit venir après le début.")})


class Block(models.Model):
    """`blocker` no longer receives messages from `blocked`, who is never told."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="blocks_made",
        verbose_name=_("membre"),
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="blocks_received",
        verbose_name=_("membre bloqué"),
    )
    created = models.DateTimeField(_("bloqué le"), auto_now_add=True)

    class Meta:
        # The table it had in profiles, where it started: moved without copying a row.
        db_table = "profiles_block"
        ordering = ["-created"]
        verbose_name = _("blocage")
        verbose_name_plural = _("blocages")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_unique"),
            models.CheckConstraint(condition=~Q(blocker=models.F("blocked")), name="block_not_self"),
        ]

    def __str__(self):
        return _("%(blocker)s a bloqué %(blocked)s") % {"blocker": self.blocker, "blocked": self.blocked}


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
        verbose_name=_("compte"),
    )
    email = models.EmailField(_("adresse e-mail à l'inscription"))
    ip_address = models.GenericIPAddressField(_("adresse IP à l'inscription"), null=True, blank=True)
    created = models.DateTimeField(_("inscrit le"), default=timezone.now)

    class Meta:
        verbose_name = _("données d'inscription")
        verbose_name_plural = _("données d'inscription")

    def __str__(self):
        return _("Inscription du %(date)s") % {"date": f"{timezone.localtime(self.created):%d/%m/%Y}"}


RETENTION = timedelta(days=365)


class RetainedIdentificationQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(closed_at__lte=(now or timezone.now()) - RETENTION)


class RetainedIdentification(models.Model):
    """The only trace of a closed account, kept one year for the judicial authorities, then purged.

    It is no account any more and has no link to one; only the moderators may read it (admin.py),
    and accounts.personal_data.purge_expired_data erases it after the year.
    """

    email = models.EmailField(_("adresse e-mail à la fermeture"))
    signup_email = models.EmailField(_("adresse e-mail à l'inscription"))
    signed_up_at = models.DateTimeField(_("inscrit le"))
    signup_ip_address = models.GenericIPAddressField(_("adresse IP à l'inscription"), null=True, blank=True)
    closed_at = models.DateTimeField(_("compte fermé le"), default=timezone.now, db_index=True)

    objects = RetainedIdentificationQuerySet.as_manager()

    class Meta:
        ordering = ["-closed_at"]
        verbose_name = _("identification conservée")
        verbose_name_plural = _("identifications conservées (comptes fermés)")

    def __str__(self):
        return _("Compte fermé le %(date)s") % {"date": f"{timezone.localtime(self.closed_at):%d/%m/%Y}"}

    @property
    def purge_on(self):
        return self.closed_at + RETENTION
