"""The forum: categories (one per thème, plus "Trucs et astuces"), topics, posts, reports and
subscriptions.

A post keeps its Markdown source (`body`) and, rendered when saved, the sanitised HTML shown
(`body_html`) and the plain text searched (`body_text`). A topic keeps what its lists show
(`reply_count`, `last_post`, `last_post_at`) in step through services.topic_refresh, so list pages
read one row per topic. A member who closes their account leaves their posts behind, signed
"Ancien membre" (author set to None).
"""

import math
import re
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.contrib.postgres.search import SearchHeadline, SearchRank, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.scoping import scope_filter
from tousvoisins.content_language import language_field
from tousvoisins.french import de_person
from tousvoisins.reports import ReportBase
from tousvoisins.search import SEARCH_CONFIG, SearchWords, search_query, search_vector, suggestion
from tousvoisins.text import markdown_to_html, markdown_to_text

FORMER_MEMBER = _("Ancien membre")
# A member may correct their own post for this long after sending it.
EDIT_DELAY = timedelta(minutes=30)
TOPICS_PER_PAGE = 25
POSTS_PER_PAGE = 20
# Category slugs that would hide a page of the forum (forum/urls.py).
RESERVED_SLUGS = {"sujet", "message", "recherche"}
# The first line of a quote made by "Citer" (Post.quoted), maybe inside another quote: it names
# the quoted post, so that the quote can be masked while that post is hidden.
QUOTE_HEADER = re.compile(
    r"^(?P<prefix>(?:> ?)+)\[\*\*.*\*\* a écrit\]\(/forum/message/(?P<pk>\d+)/\) :[ \t\r]*$", re.MULTILINE
)
HIDDEN_QUOTE = "*Message masqué par la modération.*"
# Markers PostgreSQL puts around the words a search found; turned into <mark> once the excerpt
# is escaped.
HIGHLIGHT_START, HIGHLIGHT_STOP = "\x02", "\x03"
# A search ranks the newest matches only, at most this many (50 pages of results).
SEARCH_CANDIDATES = 1000


def signature(user):
    """The name shown for a post or topic: the member's public name, or "Ancien membre"."""
    return str(FORMER_MEMBER) if user is None else user.public_name


class CategoryQuerySet(models.QuerySet):
    def public(self):
        """The categories of the public forum: not the discussions of communities (Category.Kind)."""
        return self.filter(kind=Category.Kind.PUBLIC)

    def for_index(self):
        """Every category with its number of visible topics and its latest visible topic, in one query."""
        visible = Topic.objects.visible().filter(category=OuterRef("pk"))
        latest = visible.order_by("-last_post_at", "-pk")
        topic_count = visible.order_by().values("category").annotate(total=Count("pk")).values("total")
        return self.select_related("theme").annotate(
            topic_count=Coalesce(Subquery(topic_count), 0),
            latest_topic_id=Subquery(latest.values("pk")[:1]),
            latest_topic_title=Subquery(latest.values("title")[:1]),
            latest_topic_slug=Subquery(latest.values("slug")[:1]),
            latest_topic_language=Subquery(latest.values("language")[:1]),
            latest_activity=Subquery(latest.values("last_post_at")[:1]),
        )


class Category(models.Model):
    class Kind(models.TextChoices):
        PUBLIC = "forum", _("Forum public")
        # The discussion of one community (communities.Community.category): only its members,
        # hosts, the referents of its scope and the moderators read and write there; it never
        # shows in the forum's index, search or moving lists.
        COMMUNITY = "communaute", _("Discussion d'une communauté")

    kind = models.CharField(
        _("sorte"), max_length=12, choices=Kind.choices, default=Kind.PUBLIC, editable=False
    )
    theme = models.OneToOneField(
        "tousvoisins.Theme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forum_category",
        verbose_name=_("thème"),
        help_text=_("Les référents de ce thème modèrent la catégorie. Vide : seule la modération la modère."),
    )
    # Room for "Communauté : " before a community's name (70 characters at most).
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=60, unique=True)
    description = models.CharField(_("description"), max_length=250)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("catégorie du forum")
        verbose_name_plural = _("catégories du forum")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:category", kwargs={"category": self.slug})

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": gettext("« %(slug)s » est déjà pris par une page du forum.") % {"slug": self.slug}}
            )

    @property
    def is_community(self):
        return self.kind == self.Kind.COMMUNITY

    def readable_by(self, user):
        """Anyone reads the public forum. A community's discussion: its community decides
        (communities.Community.discussion_open_to), reached through the reverse relation so that
        the forum imports no other tab."""
        if not self.is_community:
            return True
        community = getattr(self, "community", None)
        return community is not None and community.discussion_open_to(user)

    def moderated_in_community_by(self, user):
        community = getattr(self, "community", None)
        return community is not None and community.moderated_by(user)

    @property
    def latest_topic_url(self):
        """For categories from for_index()."""
        if not getattr(self, "latest_topic_id", None):
            return ""
        return reverse("forum:topic", kwargs={"pk": self.latest_topic_id, "slug": self.latest_topic_slug})


class TopicQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(hidden=False)

    def public(self):
        return self.filter(category__kind=Category.Kind.PUBLIC)

    def visible_to(self, user):
        """Hidden topics are for the moderators of their category only."""
        if not user.is_authenticated or not (user.is_moderator or user.is_referent):
            return self.visible()
        return self.filter(Q(hidden=False) | Q(pk__in=self.moderated_by(user).values("pk")))

    def search_suggestion(self, text):
        """A nearer spelling of `text` from these topics' titles ("cuisne" → "cuisine"), or ''."""
        return suggestion(text, self, "title")

    def moderated_by(self, user):
        """The topics `user` moderates: all for moderators, their thèmes' categories for referents."""
        return scope_filter(user, self, theme_lookup="category__theme")

    def for_list(self):
        """Topics with their author and the author of their last post, pinned first then latest activity."""
        return (
            self.select_related("author__profile", "last_post__author__profile")
            .only(
                *(field.name for field in Topic._meta.concrete_fields),
                "author__username",
                "author__first_name",
                "author__profile__display_name",
                "last_post__author",
                "last_post__author__username",
                "last_post__author__first_name",
                "last_post__author__profile__display_name",
            )
            .order_by("-pinned", "-last_post_at", "-pk")
        )


class Topic(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="topics", verbose_name=_("catégorie")
    )
    title = models.CharField(_("titre"), max_length=150)
    # Its first post's (services.topic_create, post_edit): the title is written in it too.
    language = language_field(editable=False)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=80, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_topics",
        verbose_name=_("auteur"),
    )
    created = models.DateTimeField(_("créé le"), default=timezone.now)
    last_post_at = models.DateTimeField(_("dernier message le"), default=timezone.now)
    last_post = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    reply_count = models.PositiveIntegerField(_("réponses"), default=0, editable=False)
    pinned = models.BooleanField(
        _("épinglé"), default=False, help_text=_("Toujours en tête de sa catégorie.")
    )
    locked = models.BooleanField(_("fermé"), default=False, help_text=_("Plus personne ne peut y répondre."))
    hidden = models.BooleanField(
        _("masqué"), default=False, help_text=_("Seule la modération le voit encore.")
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-last_post_at", "-pk"]
        verbose_name = _("sujet")
        verbose_name_plural = _("sujets")
        indexes = [
            models.Index(
                fields=["category", "hidden", "-pinned", "-last_post_at"], name="forum_topic_list_idx"
            ),
            # The forum's index: each category's count of visible topics (read from this index
            # alone) and its latest one (its first entry), whatever the number of topics.
            models.Index(
                F("category"),
                F("last_post_at").desc(),
                F("id").desc(),
                condition=Q(hidden=False),
                name="forum_topic_latest_idx",
            ),
            # "Vouliez-vous dire … ?": the titles nearest to a word that found nothing.
            GistIndex(OpClass(SearchWords("title"), name="gist_trgm_ops"), name="forum_topic_title_trgm"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)[:80].strip("-") or "sujet"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("forum:topic", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def signature(self):
        return signature(self.author)

    @property
    def last_page(self):
        return max(1, math.ceil((self.reply_count + 1) / POSTS_PER_PAGE))

    @property
    def last_post_url(self):
        page = f"?page={self.last_page}" if self.last_page > 1 else ""
        anchor = f"#message-{self.last_post_id}" if self.last_post_id else ""
        return f"{self.get_absolute_url()}{page}{anchor}"


class PostQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(hidden=False, topic__hidden=False)

    def public(self):
        """Posts of the public forum (search): never those of a community's discussion."""
        return self.filter(topic__category__kind=Category.Kind.PUBLIC)

    def for_topic_page(self):
        return self.select_related("author__profile", "hidden_by__profile").defer(
            "body", "body_text", "search_vector"
        )

    def search(self, text, limit=SEARCH_CANDIDATES):
        """The pks of the posts matching `text` (websearch syntax: "mots exacts", -sauf, ou), best
        first, among the newest `limit` + 1 that match (the one more tells that there were more).

        It stops early: ranking every post that says "merci" would cost more than the page. The
        newest matches come from the primary key read backwards for a common word, or from the
        GIN index for a rare one; only they are ranked."""
        query = search_query(text)
        found = (
            self.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-pk")
            .values_list("pk", "rank", "created")[: limit + 1]
        )
        return [pk for pk, _, _ in sorted(found, key=lambda row: (-row[1], -row[2].timestamp(), -row[0]))]

    def with_excerpts(self, text):
        """What a search result shows: its topic, category, author and an `excerpt` where the words
        found are between HIGHLIGHT_START and HIGHLIGHT_STOP (for a page of results only)."""
        query = search_query(text)
        return (
            self.annotate(
                excerpt=SearchHeadline(
                    "body_text",
                    query,
                    config=SEARCH_CONFIG,
                    start_sel=HIGHLIGHT_START,
                    stop_sel=HIGHLIGHT_STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .select_related("topic__category", "author__profile")
            .defer("body", "body_html", "search_vector", "topic__category__description")
        )


class Post(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts", verbose_name=_("sujet"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_posts",
        verbose_name=_("auteur"),
    )
    body = models.TextField(_("message"), max_length=10000)
    # The first post of a topic gives the topic its language (Topic.language).
    language = language_field()
    body_html = models.TextField(_("message mis en forme"), editable=False, default="")
    body_text = models.TextField(_("message en texte simple"), editable=False, default="")
    created = models.DateTimeField(_("écrit le"), default=timezone.now)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True, editable=False)
    hidden = models.BooleanField(_("masqué"), default=False)
    hidden_reason = models.CharField(
        _("raison du masquage"),
        max_length=200,
        blank=True,
        help_text=_("Montrée à l'auteur du message et à la modération, jamais au public."),
    )
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("masqué par"),
    )
    hidden_at = models.DateTimeField(_("masqué le"), null=True, blank=True)
    quotes = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        editable=False,
        related_name="quoted_by",
        verbose_name=_("messages cités"),
    )
    search_vector = models.GeneratedField(
        expression=search_vector("body_text"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            GinIndex(fields=["search_vector"], name="forum_post_search_gin"),
            models.Index(fields=["topic", "created"], name="forum_post_topic_idx"),
            # The dashboard's forum activity reads one period of posts, not every post.
            models.Index(fields=["created"], name="forum_post_created_idx"),
        ]

    def __str__(self):
        return gettext("Message %(of_author)s dans « %(title)s »") % {
            "of_author": de_person(self.signature),
            "title": self.topic.title,
        }

    def save(self, *args, **kwargs):
        # Quotes of hidden posts are masked in what is shown and searched; the source keeps them,
        # so that showing the quoted post again (services.post_unhide) brings them back.
        body = mask_hidden_quotes(self.body)
        self.body_html = markdown_to_html(body)
        self.body_text = markdown_to_text(body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html", "body_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("forum:post", kwargs={"pk": self.pk})

    @property
    def anchor(self):
        return f"message-{self.pk}"

    @property
    def signature(self):
        return signature(self.author)

    def editable_by(self, user, now=None):
        """Its author may correct it for EDIT_DELAY, while it is shown and the topic is open."""
        now = now or timezone.now()
        return bool(
            user.is_authenticated
            and self.author_id == user.pk
            and not self.hidden
            and now - self.created <= EDIT_DELAY
        )

    def quoted(self):
        """The post as a Markdown blockquote with its author's name and a link to it (QUOTE_HEADER),
        to start a reply with."""
        lines = self.body.strip().splitlines()
        quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in lines)
        return f"> [**{self.signature}** a écrit]({self.get_absolute_url()}) :\n>\n{quoted}\n\n"


def quoted_ids(body):
    """The posts quoted in `body` through "Citer", quotes within quotes included."""
    return {int(match["pk"]) for match in QUOTE_HEADER.finditer(body or "")}


def _quote_depth(line):
    return line[: len(line) - len(line.lstrip("> "))].count(">")


def mask_hidden_quotes(body):
    """`body` with the text of each quote of a hidden post replaced by "Message masqué…"."""
    ids = quoted_ids(body)
    hidden = set(Post.objects.filter(pk__in=ids, hidden=True).values_list("pk", flat=True)) if ids else set()
    if not hidden:
        return body
    lines, masking_depth = [], None
    for line in body.splitlines():
        if masking_depth is not None and _quote_depth(line) >= masking_depth:
            continue  # a line of the quote being masked
        masking_depth = None
        header = QUOTE_HEADER.match(line)
        lines.append(line)
        if header and int(header["pk"]) in hidden:
            prefix = header["prefix"].rstrip()
            lines += [prefix, f"{prefix} {HIDDEN_QUOTE}"]
            masking_depth = prefix.count(">")
    return "\n".join(lines)


class Subscription(models.Model):
    """A member follows a topic: new replies reach them in one e-mail per run of
    send_forum_notifications, which moves `notified_until` forward so nothing goes twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_subscriptions",
        verbose_name=_("membre"),
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="subscriptions", verbose_name=_("sujet")
    )
    created = models.DateTimeField(_("suivi depuis le"), default=timezone.now)
    notified_until = models.DateTimeField(_("prévenu des messages jusqu'au"), default=timezone.now)

    class Meta:
        verbose_name = _("abonnement à un sujet")
        verbose_name_plural = _("abonnements à des sujets")
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="forum_subscription_unique")]

    def __str__(self):
        return gettext("%(user)s suit « %(topic)s »") % {"user": self.user, "topic": self.topic}


class Report(ReportBase):
    """A member tells the moderation about a post; moderators and the category's referents read it."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="reports", verbose_name=_("message")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_reports",
        verbose_name=_("signalé par"),
    )

    # The thematic referents of the category's thème moderate it: they are told of its reports.
    referent_theme_lookup = "post__topic__category__theme"
    notification_related = ("post__topic",)

    class Meta(ReportBase.Meta):
        verbose_name = _("message signalé")
        verbose_name_plural = _("messages signalés")
        indexes = [models.Index(fields=["status", "-created"], name="forum_report_status_idx")]

    def __str__(self):
        return gettext("Signalement d'un message (%(reason)s)") % {
            "reason": self.get_reason_display().lower()
        }

    def notification_summary(self):
        return gettext("Message du forum, sujet « %(title)s » : %(reason)s") % {
            "title": self.post.topic.title,
            "reason": self.get_reason_display().lower(),
        }
