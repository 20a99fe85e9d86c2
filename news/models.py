"""News items ("actualités"): written in the admin by moderators and referents, read by everyone.

A published item shows from its publication date on: a date to come schedules it. The slug is
made once from the title and never changes, so that a link shared somewhere keeps working.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.scoping import scope_filter
from tousvoisins.content_language import language_field
from tousvoisins.models import Intercommunalite, Theme
from tousvoisins.search import search_query, search_vector, suggestion
from tousvoisins.text import SUMMARY_MAX_LENGTH, SUMMARY_TOO_LONG, markdown_to_html, markdown_to_text

TEAM_SIGNATURE = "L'équipe Tous voisins 44"
SLUG_LENGTH = 80
# What lists read of the reference rows: never the intercommunalités' boundaries.
THEME_FIELDS = ("slug", "name", "pictogram", "position")
TERRITORY_FIELDS = ("siren", "full_name", "short_name")
# What a card shows of an item: never the body, which may be long.
CARD_FIELDS = (
    "title",
    "slug",
    "lead",
    "summary",
    "thumbnail",
    "picture_alt",
    "published_at",
    "language",
    "intercommunalite",
    "intercommunalite__siren",
    "intercommunalite__full_name",
    "intercommunalite__short_name",
)
SUMMARY_HELP = _(
    "Une ou deux phrases courtes, avec des mots de tous les jours : ce qui se passe et pour qui. "
    "200 caractères au plus. C'est ce qu'on lit dans la liste des actualités, sur la page d'accueil "
    "et dans le fil d'actualités. Par exemple : « Les cafés-emploi reprennent le mardi. On y parle "
    "de sa recherche d'emploi, sans inscription. »"
)
SUMMARY_ERRORS = {
    "required": _("Écrivez en une ou deux phrases ce que dit cette actualité."),
    "blank": _("Écrivez en une ou deux phrases ce que dit cette actualité."),
    "max_length": SUMMARY_TOO_LONG,
}


def card_themes():
    return models.Prefetch("themes", queryset=Theme.objects.only(*THEME_FIELDS))


def prefetch_cards(items):
    """The thèmes a card shows: one query."""
    models.prefetch_related_objects(items, card_themes())


def _published(now):
    return Q(status=NewsItem.Status.PUBLISHED, published_at__lte=now or timezone.now())


class NewsItemQuerySet(models.QuerySet):
    def published(self, now=None):
        """What visitors see: published items whose date has come."""
        return self.filter(_published(now))

    def for_theme(self, theme):
        return self.filter(themes=theme)

    def matching(self, text):
        """Items whose title, lead or text has the words `text` (French search, tousvoisins.search)."""
        return self.filter(search_vector=search_query(text))

    def search_suggestion(self, text):
        """A nearer spelling of `text` from these items' titles ("logemnt" → "logement"), or ''."""
        return suggestion(text, self, "title")

    def for_territory(self, territory):
        """The news of `territory` and those for the whole département (no intercommunalité):
        both concern the people who live there."""
        return self.filter(Q(intercommunalite=territory) | Q(intercommunalite__isnull=True))

    def in_scope_of(self, user):
        """The items a referent looks after (their thèmes or territory); all for moderators."""
        return scope_filter(user, self, theme_lookup="themes", territory_lookup="intercommunalite")

    def visible_to(self, user, now=None):
        """Published items, plus, for the people who may edit them, drafts and scheduled ones
        (a preview from the admin's "Voir sur le site")."""
        if user.is_authenticated and user.is_staff:
            return self.filter(_published(now) | Q(pk__in=self.in_scope_of(user).values("pk")))
        return self.published(now)

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def for_cards(self):
        """Two queries whatever the number: the items with their territory, then their thèmes."""
        return self.for_rows().prefetch_related(card_themes())

    def for_rows(self):
        """The items of a list whose cards are kept (tousvoisins.fragments): one query; their
        thèmes are read by prefetch_cards() for the cards to render."""
        return self.select_related("intercommunalite").only(*CARD_FIELDS)

    def latest_published(self, limit, *, now=None):
        """The last published items, newest first, for the home page: one query.

        Each item has its title, lead, date, thumbnail and intercommunalité (`territory_name`),
        and `get_absolute_url()`; not its thèmes (that would be a second query).
        """
        return (
            self.published(now).select_related("intercommunalite").only(*CARD_FIELDS).newest_first()[:limit]
        )

    def for_feed(self):
        return (
            self.select_related("intercommunalite")
            .defer("intercommunalite__geometry", "picture", "thumbnail", "search_vector")
            .prefetch_related(models.Prefetch("themes", queryset=Theme.objects.only(*THEME_FIELDS)))
        )

    def for_detail(self):
        return self.for_page().prefetch_related(card_themes())

    def for_page(self):
        """As for_detail(), its thèmes aside (read only when the page's body is not kept)."""
        return self.select_related("intercommunalite").defer("intercommunalite__geometry", "search_vector")


class NewsItem(models.Model):
    class Status(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon")
        PUBLISHED = "publie", _("Publié")

    title = models.CharField(_("titre"), max_length=150)
    slug = models.SlugField(
        _("adresse sur le site"), max_length=SLUG_LENGTH + 10, unique=True, editable=False
    )
    summary = models.CharField(
        _("en bref"), max_length=SUMMARY_MAX_LENGTH, help_text=SUMMARY_HELP, error_messages=SUMMARY_ERRORS
    )
    lead = models.TextField(
        _("chapô"),
        max_length=400,
        help_text=_(
            "Deux ou trois phrases qui disent l'essentiel. Elles sont montrées dans la liste. "
            "400 caractères au plus, sans mise en forme."
        ),
    )
    body = models.TextField(
        _("texte"),
        help_text=_(
            "Pour du gras : **mot** ; pour un lien : [texte du lien](https://adresse) ; "
            "pour une liste : une ligne par élément commençant par « - ». Laissez une ligne vide "
            "entre deux paragraphes."
        ),
    )
    picture = models.ImageField(_("image"), upload_to="actualites/%Y/%m/", blank=True)
    picture_alt = models.CharField(
        _("description de l'image"),
        max_length=200,
        blank=True,
        help_text=_(
            "Obligatoire s'il y a une image : ce qu'elle montre, en une phrase, pour les "
            "personnes qui ne la voient pas."
        ),
    )
    thumbnail = models.ImageField(
        _("vignette"), upload_to="actualites/vignettes/%Y/%m/", blank=True, editable=False
    )
    themes = models.ManyToManyField(
        Theme,
        related_name="news_items",
        verbose_name=_("thèmes"),
        help_text=_("Au moins un. L'actualité paraît aussi dans la liste de chacun de ces thèmes."),
    )
    intercommunalite = models.ForeignKey(
        Intercommunalite,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="news_items",
        verbose_name=_("intercommunalité"),
        help_text=_("Laissez vide si l'actualité concerne toute la Loire-Atlantique."),
    )
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("date de publication"),
        default=timezone.now,
        help_text=_(
            "La date montrée. Avec une date à venir, l'actualité publiée n'apparaît sur le site "
            "qu'à ce moment-là."
        ),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_items",
        verbose_name=_("rédigé par"),
    )
    signature = models.CharField(
        _("signature"),
        max_length=100,
        default=TEAM_SIGNATURE,
        help_text=_(
            "Le nom montré sous l'actualité, par exemple « L'équipe Tous voisins 44 » ou votre prénom."
        ),
    )
    # The language the item is written in: never translated, marked with `lang` on other pages.
    language = language_field()
    created = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated = models.DateTimeField(_("modifié le"), auto_now=True)
    search_vector = models.GeneratedField(
        expression=search_vector("title", weight="A")
        + search_vector("lead", weight="B")
        + search_vector("body", weight="C"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="news_published_idx"),
            GinIndex(fields=["search_vector"], name="news_search_gin"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._free_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"slug": self.slug})

    def _free_slug(self):
        base = slugify(self.title)[:SLUG_LENGTH].strip("-") or "actualite"
        taken = set(
            NewsItem.objects.filter(slug__regex=rf"^{base}(-[0-9]+)?$").values_list("slug", flat=True)
        )
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def clean(self):
        # One line, whatever was pasted: lists and feeds show it as a line.
        self.summary = " ".join(self.summary.split())
        if self.picture and not self.picture_alt.strip():
            raise ValidationError(
                {
                    "picture_alt": gettext(
                        "Décrivez l'image en une phrase, pour les personnes qui ne la voient pas."
                    )
                }
            )

    @property
    def is_visible(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def territory_name(self):
        return (
            self.intercommunalite.full_name
            if self.intercommunalite_id
            else gettext("Toute la Loire-Atlantique")
        )

    @cached_property
    def body_html(self):
        return markdown_to_html(self.body)

    @property
    def body_text(self):
        return markdown_to_text(self.body)

    def set_picture(self, picture):
        """Put a re-encoded picture (tousvoisins.images.Picture) and its thumbnail on the item, or
        remove them (None); the old files are deleted once the transaction commits."""
        old = [name for name in (self.picture.name, self.thumbnail.name) if name]
        if picture is None:
            self.picture, self.thumbnail, self.picture_alt = "", "", ""
        else:
            self.picture.save(picture.full.name, picture.full, save=False)
            self.thumbnail.save(picture.thumbnail.name, picture.thumbnail, save=False)
        storage = self.picture.storage
        transaction.on_commit(lambda: [storage.delete(name) for name in old])
