"""Useful links: a short list of sites chosen by the moderators, in categories, each said in plain
words (what it is for, whether it is free, who runs it), and checked now and then (links.checker)."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tousvoisins.models import Theme

THEME_FIELDS = ("slug", "name", "pictogram", "position")
# A link is "broken" after this many failed checks in a row: one failure may be a bad moment.
FAILURES_BEFORE_BROKEN = 2


class WebAddressField(models.URLField):
    """An http(s) address only (URLField also takes ftp://)."""

    default_validators = [URLValidator(schemes=["https", "http"])]


class Category(models.Model):
    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(
        _("identifiant"),
        max_length=80,
        unique=True,
        help_text=_("Sert dans l'adresse de la page filtrée, par exemple « emploi-et-formation »."),
    )
    description = models.CharField(
        _("description en une phrase"),
        max_length=200,
        help_text=_("Une phrase simple qui dit ce qu'on trouve dans cette catégorie."),
    )
    order = models.PositiveSmallIntegerField(
        _("ordre"), default=0, help_text=_("Les petits nombres d'abord.")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("catégorie de liens")
        verbose_name_plural = _("catégories de liens")

    def __str__(self):
        return self.name

    @property
    def anchor(self):
        # Prefixed so that no slug can take an id the layout uses ("contenu", "filtres").
        return f"categorie-{self.slug}"

    @property
    def anchor_url(self):
        return f"#{self.anchor}"


class LinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def broken(self):
        return self.filter(is_broken=True)

    def in_category(self, category):
        return self.filter(category=category)

    def with_theme(self, theme):
        return self.filter(themes=theme)

    def for_page(self):
        """Grouped by category in the categories' order; three queries whatever the number
        (with the paginator's count): links and their category, then their thèmes."""
        return self.for_rows().prefetch_related(link_themes())

    def for_rows(self):
        """As for_page(), the links' thèmes left to prefetch_rows() for the rows not kept
        (tousvoisins.fragments)."""
        return self.select_related("category").order_by(
            "category__order", "category__name", "category_id", "order", "title", "pk"
        )


def link_themes():
    return Prefetch("themes", queryset=Theme.objects.only(*THEME_FIELDS))


def prefetch_rows(links):
    """The thèmes a link's row shows: one query."""
    prefetch_related_objects(links, link_themes())


class Link(models.Model):
    class Cost(models.TextChoices):
        FREE = "gratuit", _("Gratuit")
        FREE_WITH_ACCOUNT = "gratuit-inscription", _("Gratuit, avec une inscription")
        PARTLY_PAID = (
            "payant-en-partie",
            _("En partie payant : l'essentiel est gratuit, certains services payants"),
        )

    title = models.CharField(
        _("nom du site"),
        max_length=120,
        help_text=_("Le nom que les gens connaissent, par exemple « Ameli »."),
    )
    url = WebAddressField(
        _("adresse"),
        max_length=500,
        unique=True,
        help_text=_("De préférence une adresse sécurisée, qui commence par https://."),
        error_messages={
            "unique": _("Ce site est déjà dans les liens utiles."),
            "invalid": _("Écrivez l'adresse complète du site, par exemple https://www.service-public.fr/."),
        },
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="links", verbose_name=_("catégorie")
    )
    themes = models.ManyToManyField(
        Theme,
        related_name="+",
        blank=True,
        verbose_name=_("thèmes"),
        help_text=_("Facultatif : les thèmes du site, pour le retrouver avec le filtre par thème."),
    )
    purpose = models.CharField(
        _("à quoi sert ce site"),
        max_length=200,
        help_text=_(
            "Une phrase qui commence par « Pour », par exemple « Pour faire sa demande de carte "
            "d'identité en ligne. »"
        ),
    )
    cost = models.CharField(_("est-ce gratuit ?"), max_length=20, choices=Cost.choices, default=Cost.FREE)
    organisation = models.CharField(
        _("qui gère ce site"),
        max_length=150,
        help_text=_("Par exemple « L'Assurance Maladie » ou « La Région Pays de la Loire »."),
    )
    is_active = models.BooleanField(
        _("montré sur le site"), default=True, help_text=_("Décochez pour retirer le lien sans l'effacer.")
    )
    order = models.PositiveSmallIntegerField(
        _("ordre dans la catégorie"), default=0, help_text=_("Les petits nombres d'abord.")
    )
    # Written by links.checker only (manage.py check_links).
    checked_at = models.DateTimeField(_("dernière vérification"), null=True, blank=True)
    check_status = models.PositiveSmallIntegerField(_("code de la réponse"), null=True, blank=True)
    check_result = models.CharField(_("résultat de la vérification"), max_length=300, blank=True)
    redirected_to = models.URLField(_("redirige vers"), max_length=500, blank=True)
    failures = models.PositiveSmallIntegerField(_("échecs de suite"), default=0)
    is_broken = models.BooleanField(
        _("ne répond plus"),
        default=False,
        help_text=format_lazy(
            _("Coché après {count} vérifications ratées de suite ; décoché dès que le site répond."),
            count=FAILURES_BEFORE_BROKEN,
        ),
    )
    created = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        ordering = ["category__order", "order", "title", "pk"]
        verbose_name = _("lien utile")
        verbose_name_plural = _("liens utiles")
        indexes = [models.Index(fields=["is_active", "category"], name="link_active_category")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"/liens-utiles/{self.category.anchor_url}"

    def clean(self):
        purpose = self.purpose.strip()
        if purpose and not purpose.casefold().startswith("pour "):
            raise ValidationError(
                {
                    "purpose": gettext(
                        "Commencez la phrase par « Pour », par exemple « Pour trouver les horaires "
                        "des cars de la région. »"
                    )
                }
            )
        self.purpose = purpose

    @property
    def domain(self):
        """The site's name as people read it in an address: "service-public.fr"."""
        host = (urlsplit(self.url).hostname or "").lower()
        return host.removeprefix("www.")

    def forget_checks(self):
        """A new address starts afresh: former failures belonged to the old one."""
        self.checked_at = None
        self.check_status = None
        self.check_result = ""
        self.redirected_to = ""
        self.failures = 0
        self.is_broken = False
