"""The shared model: thèmes, intercommunalités and communes of Loire-Atlantique."""

import re

from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .lib import normalize_place_name

# The thèmes are a fixed list (migration 0002): their names in the reader's language. A thème
# renamed in the admin keeps its new French name; in another language, the name below.
THEME_NAMES = {
    "mobilite": pgettext_lazy("thème", "Mobilité"),
    "emploi": pgettext_lazy("thème", "Emploi"),
    "logement": pgettext_lazy("thème", "Logement"),
    "loisirs-culture-sport": pgettext_lazy("thème", "Loisirs, culture et sport"),
    "sante-bien-etre": pgettext_lazy("thème", "Santé et bien-être"),
    "solidarite": pgettext_lazy("thème", "Solidarité"),
}

# Their descriptions in the reader's language, the same way (the French ones of migration 0002).
THEME_DESCRIPTIONS = {
    "mobilite": _(
        "Se déplacer : covoiturage, transport solidaire, vélo, permis, aide pour aller à un rendez-vous."
    ),
    "emploi": _(
        "Trouver un travail ou une formation, préparer un CV, s'entraîner à un entretien, "
        "rencontrer des employeurs."
    ),
    "logement": _(
        "Se loger, bien vivre chez soi, faire des économies d'énergie, connaître ses droits et les aides."
    ),
    "loisirs-culture-sport": _(
        "Sortir, bouger, créer et partager : ateliers, sorties, jeux, lecture, musique, marche, jardinage."
    ),
    "sante-bien-etre": _(
        "Prendre soin de soi et des autres : prévention, bien manger, bouger, parler, ne pas rester seul."
    ),
    "solidarite": _(
        "S'entraider entre voisins : visites, coups de main, dons, bénévolat, accès au numérique."
    ),
}


def _in_french():
    return (translation.get_language() or "fr").startswith("fr")


def theme_name(slug, name):
    """The name of the thème `slug` in the active language; `name` (the stored one) in French
    or for a thème outside the fixed list."""
    language = translation.get_language() or "fr"
    if language.startswith("fr") or slug not in THEME_NAMES:
        return name
    return str(THEME_NAMES[slug])


class Theme(models.Model):
    slug = models.SlugField(_("identifiant"), unique=True)
    name = models.CharField(_("nom"), max_length=80, unique=True)
    description = models.TextField(_("description en mots simples"))
    pictogram = models.CharField(
        _("pictogramme"), max_length=40, help_text=_("Nom du fichier dans static/img/themes/, sans « .svg ».")
    )
    colour = models.CharField(
        _("couleur"), max_length=7, help_text=_("Couleur de fond, lisible avec un texte blanc (#rrggbb).")
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The thème's name in the reader's language."""
        return theme_name(self.slug, self.name)

    @property
    def description_label(self):
        """The thème's description in the reader's language (as stored, in French)."""
        if _in_french() or self.slug not in THEME_DESCRIPTIONS:
            return self.description
        return str(THEME_DESCRIPTIONS[self.slug])

    def clean(self):
        from .lib import contrast_ratio

        if len(self.colour) != 7 or not self.colour.startswith("#"):
            raise ValidationError({"colour": _("Écrivez la couleur sous la forme #1a5c8e.")})
        if contrast_ratio(self.colour, "#ffffff") < 4.5:
            raise ValidationError(
                {"colour": _("Cette couleur est trop claire : le texte blanc ne serait pas lisible.")}
            )

    @property
    def pictogram_path(self):
        return f"img/themes/{self.pictogram}.svg"


class IntercommunaliteQuerySet(models.QuerySet):
    def for_territory_pages(self):
        """Two queries: the intercommunalités (without their boundaries) and their communes."""
        communes = Commune.objects.only("insee", "name", "postal_codes", "intercommunalite_id")
        return self.defer("geometry").prefetch_related(models.Prefetch("communes", queryset=communes))


class Intercommunalite(models.Model):
    class Nature(models.TextChoices):
        METRO = "METRO", _("Métropole")
        CA = "CA", _("Communauté d'agglomération")
        CC = "CC", _("Communauté de communes")

    siren = models.CharField(_("SIREN"), max_length=9, unique=True)
    name = models.CharField(_("nom officiel (DGCL)"), max_length=150)
    full_name = models.CharField(
        _("nom complet"), max_length=200, help_text=_("Le nom montré aux habitants.")
    )
    short_name = models.CharField(_("nom court"), max_length=100)
    nature = models.CharField(_("nature"), max_length=5, choices=Nature.choices)
    population = models.PositiveIntegerField(_("population en Loire-Atlantique"))
    seat_departement = models.CharField(_("département du siège"), max_length=3)
    geometry = models.MultiPolygonField(_("territoire en Loire-Atlantique"), srid=4326)

    objects = IntercommunaliteQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("intercommunalité")
        verbose_name_plural = _("intercommunalités")
        indexes = [GistIndex(fields=["geometry"], name="interco_geometry_gist")]

    def __str__(self):
        return self.full_name


class CommuneQuerySet(models.QuerySet):
    def containing(self, point):
        return self.filter(geometry__intersects=point)

    def matching(self, text):
        """Communes whose name or postal code is `text` ("st herblain", "44800", "La Baule")."""
        text = (text or "").strip()
        if text.isdigit() and len(text) == 5:
            return self.filter(postal_codes__contains=[text])
        key = normalize_place_name(text)
        if not key:
            return self.none()
        exact = self.filter(search_name=key)
        if exact.exists():
            return exact
        # "La Baule" finds "La Baule-Escoublac": every word the person typed starts a word.
        return self.filter(search_name__regex=r"(^| )" + r".* ".join(_words_regex(key)))


def _words_regex(key):
    return [re.escape(word) for word in key.split()]


class Commune(models.Model):
    insee = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    search_name = models.CharField(_("nom normalisé"), max_length=100, db_index=True, editable=False)
    postal_codes = ArrayField(models.CharField(max_length=5), verbose_name=_("codes postaux"))
    population = models.PositiveIntegerField(_("population"))
    former_insee_codes = ArrayField(
        models.CharField(max_length=5), default=list, blank=True, verbose_name=_("anciens codes INSEE")
    )
    intercommunalite = models.ForeignKey(
        Intercommunalite,
        on_delete=models.PROTECT,
        related_name="communes",
        verbose_name=_("intercommunalité"),
    )
    geometry = models.MultiPolygonField(_("territoire"), srid=4326)
    centre = models.PointField(_("point central"), srid=4326)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["search_name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        indexes = [
            GistIndex(fields=["geometry"], name="commune_geometry_gist"),
            GistIndex(fields=["centre"], name="commune_centre_gist"),
            GinIndex(fields=["postal_codes"], name="commune_postal_codes_gin"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = normalize_place_name(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:tousvoisins_commune_change", args=[self.pk])


class OutsideTerritory(ValidationError):
    pass


def commune_for_point(point):
    """The commune of Loire-Atlantique containing `point`, with its intercommunalité.

    Raises OutsideTerritory (a ValidationError with a French message) elsewhere.
    """
    commune = Commune.objects.select_related("intercommunalite").containing(point).first()
    if commune is None:
        raise OutsideTerritory(
            gettext(
                "Ce lieu n'est pas en Loire-Atlantique. "
                "Choisissez un lieu dans l'une des 207 communes du département."
            )
        )
    return commune


class OutgoingEmail(models.Model):
    """An e-mail on its way (tousvoisins.mail): written when it is queued, deleted once it has left
    (or moved to UnsentEmail after the last attempt). The task queue carries only its id, so the
    queue's results, kept a week, hold no text and no address; closing an account deletes the
    e-mails to, from or about the member that have not left yet."""

    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    subject = models.TextField(_("objet"))
    body = models.TextField(_("texte"))
    html = models.TextField(_("HTML"), blank=True)
    to = ArrayField(models.CharField(max_length=320), verbose_name=_("à"), default=list)
    reply_to = ArrayField(models.CharField(max_length=320), verbose_name=_("répondre à"), default=list)
    headers = models.JSONField(_("en-têtes"), default=dict)
    # The members the e-mail names other than by their address (a new message's sender, the
    # helper of an accompaniment): their account closing takes the e-mail away too.
    member_ids = ArrayField(models.IntegerField(), verbose_name=_("membres cités"), default=list)

    class Meta:
        verbose_name = _("e-mail en partance")
        verbose_name_plural = _("e-mails en partance")
        indexes = [
            GinIndex(fields=["to"], name="outgoing_email_to_gin"),
            GinIndex(fields=["reply_to"], name="outgoing_email_reply_to_gin"),
            GinIndex(fields=["member_ids"], name="outgoing_email_members_gin"),
        ]

    def __str__(self):
        return self.subject

    @property
    def content(self):
        """What UnsentEmail keeps to send it again."""
        return {
            "subject": self.subject,
            "body": self.body,
            "html": self.html or None,
            "to": self.to,
            "reply_to": self.reply_to,
            "headers": self.headers,
        }


class UnsentEmail(models.Model):
    """An e-mail that did not leave after every attempt (tousvoisins.mail): the moderators see it
    in the admin ("E-mails non partis"), with the error, and may send it again. Never lost."""

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    subject = models.CharField(_("objet"), max_length=300)
    # Recipients and reply-to addresses: what the moderators read, and how a closed account's
    # e-mails are found to be erased.
    addresses = ArrayField(models.CharField(max_length=320), verbose_name=_("adresses"), default=list)
    error = models.TextField(_("erreur"))
    attempts = models.PositiveSmallIntegerField(_("tentatives"))
    # What it takes to try again (subject, texts, addresses, headers): OutgoingEmail.content.
    message = models.JSONField(_("e-mail"), default=dict)
    member_ids = ArrayField(models.IntegerField(), verbose_name=_("membres cités"), default=list)
    resent_at = models.DateTimeField(_("renvoyé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("e-mail non parti")
        verbose_name_plural = _("e-mails non partis")
        indexes = [GinIndex(fields=["addresses"], name="unsent_email_addresses_gin")]

    def __str__(self):
        return self.subject


class ContentStamp(models.Model):
    """The database's copy of a content stamp (tousvoisins.content_stamp): read only when the cache
    lacks it (flushed, restarted, or a new area), so that a flush keeps what every process has
    kept under the stamps rather than making every worker build every page again at once."""

    area = models.CharField(_("domaine"), max_length=100, primary_key=True)
    value = models.CharField(_("tampon"), max_length=64)

    class Meta:
        verbose_name = _("tampon de contenu")
        verbose_name_plural = _("tampons de contenu")

    def __str__(self):
        return f"{self.area} = {self.value}"
