"""External agendas (iCalendar feeds or files) whose events are imported (events.importers)."""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tousvoisins.models import Theme


class ExternalAgenda(models.Model):
    """An existing agenda (iCalendar feed or file) whose events are imported here."""

    name = models.CharField(_("nom"), max_length=150)
    url = models.URLField(_("adresse du flux iCalendar"), max_length=500, blank=True)
    file = models.FileField(_("fichier iCalendar"), upload_to="agendas-externes/", blank=True)
    default_themes = models.ManyToManyField(
        Theme, blank=True, related_name="+", verbose_name=_("thèmes par défaut")
    )
    default_commune = models.ForeignKey(
        "tousvoisins.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune par défaut"),
        help_text=_("Utilisée quand un événement importé n'a pas de lieu reconnu."),
    )
    active = models.BooleanField(_("importer régulièrement"), default=True)
    # Off by default: what comes from outside is read by a referent before anyone sees it.
    publish_directly = models.BooleanField(
        _("partenaire de confiance : publier sans relecture"),
        default=False,
        help_text=_(
            "Coché, ses nouveaux événements sont publiés dès l'import. Décoché, ils attendent "
            "dans « Propositions à relire » qu'un référent les publie ; ensuite, ils suivent l'agenda "
            "d'origine (changements, annulations)."
        ),
    )
    last_import_at = models.DateTimeField(_("dernier import"), null=True, blank=True, editable=False)
    last_report = models.TextField(_("compte rendu du dernier import"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ajouté par"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("agenda externe")
        verbose_name_plural = _("agendas externes")
        constraints = [
            models.CheckConstraint(condition=~Q(url="") | ~Q(file=""), name="external_agenda_has_url_or_file")
        ]

    def __str__(self):
        return self.name
