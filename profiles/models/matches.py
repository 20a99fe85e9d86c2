"""A member's suggestions of members to meet, ranked ahead of their visits (profiles.kept_matches)."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from .profile import Profile


class KeptMatches(models.Model):
    """The ids of the best members of each list of profiles.matching, best first, for one member.

    Only ids: what a page shows of them (visibility, blocks, shared words, order) is read live.
    Derived from the profiles, never shown as such: it goes with the member's profile, and a
    download of their data has nothing of it to give.
    """

    profile = models.OneToOneField(
        Profile,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="kept_matches",
        verbose_name=_("profil"),
    )
    # What the lists were ranked for: the member's words and commune (kept_matches.basis()).
    basis = models.CharField(_("base du classement"), max_length=64)
    interests = ArrayField(models.BigIntegerField(), verbose_name=_("partagent mes centres d'intérêt"))
    they_teach_me = ArrayField(models.BigIntegerField(), verbose_name=_("peuvent m'apprendre"))
    i_teach_them = ArrayField(models.BigIntegerField(), verbose_name=_("je peux leur apprendre"))
    built_at = models.DateTimeField(_("classées le"))
    # When a page asked for them to be ranked again (one task at a time, see kept_matches).
    queued_at = models.DateTimeField(_("nouveau classement demandé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("suggestions de membres")
        verbose_name_plural = _("suggestions de membres")
        indexes = [models.Index(fields=["built_at"], name="kept_matches_built_idx")]

    def __str__(self):
        return str(self.profile_id)
