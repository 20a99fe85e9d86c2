"""What every report to the moderation shares (a profile, a private message, a forum post):
its reasons, its state, who handled it and when, and the batched e-mail that tells the moderation
about it. Each app's Report adds what is reported. The page a member reports from is
tousvoisins.report_views.

E-mails: each run of the periodic job send_report_notifications sends every person who handles
reports at most one e-mail, listing the new reports in their scope (all of them for the
"Modération" group; for a thematic referent, the reports of their thèmes, e.g. the forum's), then
sets `notified_at`, so a second run sends nothing. One job rather than a mail per report: a wave
of reports (a spammer, a heated topic) makes one e-mail per person, and filing a report does not
depend on the mail.
"""

from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import THEMATIC_REFERENTS, User

from .mail import later, send_templated_email
from .site import absolute_url


class ReportQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ReportBase.Status.NEW)

    def mark_handled(self, *, by, now=None):
        """Close the pending ones among these, in one UPDATE; returns how many."""
        return self.pending().update(
            status=ReportBase.Status.HANDLED, handled_by=by, handled_at=now or timezone.now()
        )

    def to_notify(self):
        """Pending reports the moderation has not been e-mailed about yet."""
        return self.pending().filter(notified_at__isnull=True)


class Reason(models.TextChoices):
    """Why a member reports something: one list for a forum post, a private message and a profile."""

    HARASSMENT = "harcelement", _("Insultes, menaces ou harcèlement")
    SPAM = "publicite", _("Publicité, arnaque ou démarchage")
    SHOCKING = "choquant", _("Contenu choquant ou contraire à la charte")
    PERSONAL = "donnees", _("Informations personnelles (adresse, téléphone…)")
    FAKE = "faux-profil", _("Faux profil ou usurpation")
    OTHER = "autre", _("Autre raison")


class ReportBase(models.Model):
    class Status(models.TextChoices):
        NEW = "nouveau", _("À traiter")
        HANDLED = "traite", _("Traité")

    Reason = Reason

    reason = models.CharField(_("raison"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("précisions"), max_length=2000, blank=True)
    created = models.DateTimeField(_("signalé le"), default=timezone.now)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.NEW)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("traité par"),
    )
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    notified_at = models.DateTimeField(_("modération prévenue le"), null=True, blank=True, editable=False)

    objects = ReportQuerySet.as_manager()

    # Path from a report to the thème whose thematic referents handle it beside the moderators
    # (None: the moderators only), and the relations notification_summary() reads.
    referent_theme_lookup = None
    notification_related = ()

    class Meta:
        abstract = True
        ordering = ["-created"]

    def notification_summary(self):
        """One line of the moderation's e-mail: what is reported and why, never who or what it says."""
        return str(self)

    @property
    def admin_url(self):
        opts = self._meta
        path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.pk])
        return absolute_url(path)


class ReportAdminMixin:
    """A report set to "Traité" by hand records who did it; the bulk action does the same.
    `reporter_name` shows who reported, by their public name (never an address)."""

    def save_model(self, request, obj, form, change):
        if obj.status == ReportBase.Status.HANDLED and obj.handled_at is None:
            obj.handled_by, obj.handled_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)

    @admin.display(description=_("signalé par"))
    def reporter_name(self, report):
        return report.reporter.public_name

    @admin.action(description=_("Marquer comme traités"), permissions=["change"])
    def mark_handled(self, request, queryset):
        count = queryset.mark_handled(by=request.user)
        self.message_user(
            request,
            gettext("%(count)s signalement(s) marqué(s) comme traité(s).") % {"count": count},
            messages.SUCCESS,
        )


# E-mails to the moderation -----------------------------------------------------------------------


def report_models():
    return [model for model in apps.get_models() if issubclass(model, ReportBase)]


def _people(users):
    return users.filter(is_active=True).exclude(email="").select_related("profile")


def _referents_in_scope(model, reports):
    """(report pk, user pk) for each thematic referent who handles one of `reports`."""
    lookup = model.referent_theme_lookup
    if not lookup:
        return []
    return model.objects.filter(
        pk__in=[report.pk for report in reports],
        **{
            f"{lookup}__scope__user__is_active": True,
            f"{lookup}__scope__user__groups__name": THEMATIC_REFERENTS,
        },
    ).values_list("pk", f"{lookup}__scope__user")


@transaction.atomic
def send_report_notifications(*, now=None):
    """One e-mail per person in scope of new reports, listing them all; the number of e-mails."""
    now = now or timezone.now()
    moderators = list(_people(User.objects.moderators()).order_by("pk"))
    by_person = defaultdict(dict)  # e-mail address -> {report key: report}, in order
    names = {}
    for model in report_models():
        reports = model.objects.to_notify().select_for_update(skip_locked=True, of=("self",))
        if model.notification_related:
            reports = reports.select_related(*model.notification_related)
        reports = list(reports.order_by("created", "pk"))
        if not reports:
            continue
        by_pk = {report.pk: report for report in reports}
        # No moderator account with an address yet: the configured addresses stand in.
        everyone = [(m.email, m.public_name) for m in moderators] or [
            (email, "") for email in settings.MODERATION_EMAILS
        ]
        pairs = list(_referents_in_scope(model, reports))
        referent_pks = {user_pk for _, user_pk in pairs}
        referents = {user.pk: user for user in _people(User.objects.filter(pk__in=referent_pks))}
        recipients = [(email, name, reports) for email, name in everyone]
        recipients += [
            (referents[user_pk].email, referents[user_pk].public_name, [by_pk[report_pk]])
            for report_pk, user_pk in pairs
            if user_pk in referents
        ]
        for email, name, their_reports in recipients:
            names[email] = name
            for report in their_reports:
                by_person[email][(model._meta.label, report.pk)] = report
        model.objects.filter(pk__in=by_pk).update(notified_at=now)
    for email, reports in by_person.items():
        _send_email(email, names[email], list(reports.values()))
    return len(by_person)


def _send_email(email, name, reports):
    count = len(reports)
    # The summaries too are written in the reader's language (tousvoisins.mail.later).
    lines = [{"summary": later(report.notification_summary), "url": report.admin_url} for report in reports]
    send_templated_email(
        "emails/reports",
        {"name": name, "reports": lines},
        to=[email],
        # A function: the subject is translated into the reader's language (tousvoisins.mail).
        subject=lambda: (
            ngettext(
                "%(count)s nouveau signalement à traiter", "%(count)s nouveaux signalements à traiter", count
            )
            % {"count": count}
        ),
    )
