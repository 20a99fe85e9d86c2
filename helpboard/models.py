"""Coups de pouce: a board of small asks ("je cherche") and offers ("je propose") between members.

A coup de pouce has a short text, a thème, a place (a commune, or a whole intercommunalité) and a
last day. It is listed while it is open, shown and its last day has not passed; its author marks
it "C'est fait" and may then say thank you publicly ("Merci à Karim"). Answering opens a private
conversation of the messages (profiles), recorded as an Answer so the author knows who answered.
Its words (tags, the same as the profiles' ones) bring it to the members whose savoirs à partager
(for an ask) or envies d'apprendre (for an offer) hold them.

Nothing about age, gender, profession or situation is asked: a person offering to show their
trade says so in their own words.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Block
from accounts.scoping import scope_filter
from tousvoisins.content_language import language_field
from tousvoisins.reports import ReportBase

TEXT_LENGTH = 500
THANKS_LENGTH = 200
# A coup de pouce is for the coming weeks, not for ever: its last day is at most this far.
LONGEST = timedelta(days=92)
PER_PAGE = 20
DONE_SHOWN = 6
# The thème offered first: most asks are about work (a CV, an interview, a trade to discover).
FIRST_THEME = "emploi"


def blocks_any(user):
    """Whether `user` blocked a member or was blocked by one: their board is not everyone's."""
    return Block.objects.filter(Q(blocker=user) | Q(blocked=user)).exists()


class HelpQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(hidden=False)

    def current(self, today=None):
        """Open, shown and not past their last day: what the board lists."""
        today = today or timezone.localdate()
        return self.shown().filter(status=Help.Status.OPEN, until__gte=today)

    def thanked(self):
        """Done, with a public thank-you: the board's "C'est fait" section."""
        return self.shown().filter(status=Help.Status.DONE).exclude(thanks="")

    def in_scope_of(self, user):
        return scope_filter(user, self, theme_lookup="theme", territory_lookup="intercommunalite")

    def visible_to(self, user):
        """Hidden ones stay for their author and the moderators or referents in scope."""
        if not user.is_authenticated:
            return self.shown()
        condition = Q(hidden=False) | Q(author=user)
        if user.is_moderator or user.is_referent:
            condition |= Q(pk__in=self.in_scope_of(user).values("pk"))
        return self.filter(condition)

    def apart_from_blocks(self, user):
        """Without the coups de pouce of members `user` blocked or who blocked `user`."""
        if not user.is_authenticated:
            return self
        return self.exclude(author__in=Block.objects.filter(blocker=user).values("blocked_id")).exclude(
            author__in=Block.objects.filter(blocked=user).values("blocker_id")
        )

    def for_cards(self):
        """One query: each with its thème, place and author's shown name, newest first."""
        return (
            self.select_related("theme", "commune", "intercommunalite", "author__profile")
            .only(
                *(field.attname for field in Help._meta.concrete_fields),
                "theme__slug",
                "theme__name",
                "theme__pictogram",
                "commune__name",
                "intercommunalite__full_name",
                "intercommunalite__short_name",
                "author__username",
                "author__first_name",
                "author__profile__display_name",
            )
            .order_by("-created", "-pk")
        )

    def suggested_for(self, *, user, skills, wishes, territory_id=None, since=None, limit=6, today=None):
        """Current asks whose words are among `skills` (tag ids of what the member can share) and
        offers whose words are among `wishes` (what they want to learn); theirs and those of
        blocked members aside; in their territory first, then newest. No tags, no query."""
        if not skills and not wishes:
            return self.none()
        matching = Q()
        if skills:
            matching |= Q(kind=Help.Kind.ASK, tags__in=skills)
        if wishes:
            matching |= Q(kind=Help.Kind.OFFER, tags__in=wishes)
        queryset = self.current(today).filter(pk__in=Help.objects.filter(matching).values("pk"))
        if since is not None:
            queryset = queryset.filter(created__gte=since)
        near = models.Case(
            models.When(intercommunalite_id=territory_id, then=1),
            default=0,
            output_field=models.IntegerField(),
        )
        return (
            queryset.exclude(author=user)
            .apart_from_blocks(user)
            .for_cards()
            .prefetch_related("tags")
            .annotate(near=near)
            .order_by("-near", "-created", "-pk")[:limit]
        )


class Help(models.Model):
    class Kind(models.TextChoices):
        ASK = "cherche", _("Je cherche")
        OFFER = "propose", _("Je propose")

    class Status(models.TextChoices):
        OPEN = "ouvert", _("En cours")
        DONE = "fait", _("C'est fait")

    kind = models.CharField(_("sorte"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("texte"), max_length=TEXT_LENGTH)
    language = language_field()
    theme = models.ForeignKey(
        "tousvoisins.Theme", on_delete=models.PROTECT, related_name="+", verbose_name=_("thème")
    )
    tags = models.ManyToManyField(
        "profiles.Tag", blank=True, related_name="helps", verbose_name=_("mots-clés")
    )
    commune = models.ForeignKey(
        "tousvoisins.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
        help_text=_("Vide : toute l'intercommunalité."),
    )
    # Always the commune's when there is one: filtering by territory is one indexed column.
    intercommunalite = models.ForeignKey(
        "tousvoisins.Intercommunalite",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("intercommunalité"),
    )
    until = models.DateField(_("jusqu'au"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helps", verbose_name=_("auteur")
    )
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("fait le"), null=True, blank=True)
    thanks = models.CharField(
        _("merci public"),
        max_length=THANKS_LENGTH,
        blank=True,
        help_text=_("Écrit par l'auteur quand c'est fait, par exemple « Merci à Karim ! »."),
    )
    created = models.DateTimeField(_("publié le"), default=timezone.now)
    updated = models.DateTimeField(_("modifié le"), auto_now=True)
    hidden = models.BooleanField(
        _("masqué"), default=False, help_text=_("Seuls l'auteur et la modération le voient.")
    )
    hidden_reason = models.CharField(
        _("raison du masquage"),
        max_length=200,
        blank=True,
        help_text=_("Montrée à l'auteur et à la modération, jamais au public."),
    )

    objects = HelpQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("coup de pouce")
        verbose_name_plural = _("coups de pouce")
        indexes = [
            models.Index(
                fields=["-created", "-id"],
                condition=Q(hidden=False, status="ouvert"),
                name="helpboard_help_current_idx",
            ),
            models.Index(fields=["intercommunalite", "-created"], name="helpboard_help_territory_idx"),
            # The board's count (current()): the open ones not past their last day, from this
            # index alone, rather than every coup de pouce ever published read.
            models.Index(
                fields=["until"],
                condition=Q(hidden=False, status="ouvert"),
                name="helpboard_help_open_until_idx",
            ),
            # The board's "C'est fait" (thanked(), latest first): its six rows from this index,
            # rather than every coup de pouce read and the done ones sorted.
            models.Index(
                fields=["-done_at"],
                condition=Q(hidden=False, status="fait") & ~Q(thanks=""),
                name="helpboard_help_thanked_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.summary}"

    def get_absolute_url(self):
        return reverse("helpboard:detail", kwargs={"pk": self.pk})

    @property
    def summary(self):
        """The text's first words, for titles and e-mails."""
        words = " ".join(self.text.split())
        return words if len(words) <= 80 else words[:79].rsplit(" ", 1)[0] + "…"

    @property
    def place_name(self):
        if self.commune_id:
            return self.commune.name
        return self.intercommunalite.full_name

    @property
    def is_done(self):
        return self.status == self.Status.DONE

    def is_over(self, today=None):
        return self.until < (today or timezone.localdate())

    @property
    def author_name(self):
        return self.author.public_name

    def clean(self):
        errors = {}
        today = timezone.localdate(self.created) if self.created else timezone.localdate()
        if self.until and self.pk is None and self.until < today:
            errors["until"] = gettext("Cette date est passée. Choisissez aujourd'hui ou un jour à venir.")
        if self.until and self.until > today + LONGEST:
            errors["until"] = gettext(
                "Choisissez une date dans les trois mois qui viennent : un coup de pouce est pour bientôt. "
                "Vous pourrez en publier un autre ensuite."
            )
        if self.commune_id and self.intercommunalite_id != self.commune.intercommunalite_id:
            self.intercommunalite_id = self.commune.intercommunalite_id
        if errors:
            raise ValidationError(errors)


class Answer(models.Model):
    """A member answered a coup de pouce: their private conversation with its author."""

    help = models.ForeignKey(
        Help, on_delete=models.CASCADE, related_name="answers", verbose_name=_("coup de pouce")
    )
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="help_answers",
        verbose_name=_("membre"),
    )
    conversation = models.ForeignKey(
        "profiles.Conversation", on_delete=models.CASCADE, related_name="+", verbose_name=_("conversation")
    )
    created = models.DateTimeField(_("répondu le"), default=timezone.now)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("réponse à un coup de pouce")
        verbose_name_plural = _("réponses aux coups de pouce")
        constraints = [models.UniqueConstraint(fields=["help", "responder"], name="helpboard_answer_unique")]

    def __str__(self):
        return gettext("Réponse de %(name)s") % {"name": self.responder.public_name}


class Report(ReportBase):
    """A member tells the moderation about a coup de pouce; moderators and the referents of its
    thème read it."""

    help = models.ForeignKey(
        Help, on_delete=models.CASCADE, related_name="reports", verbose_name=_("coup de pouce")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="help_reports",
        verbose_name=_("signalé par"),
    )

    referent_theme_lookup = "help__theme"
    notification_related = ("help",)

    class Meta(ReportBase.Meta):
        verbose_name = _("coup de pouce signalé")
        verbose_name_plural = _("coups de pouce signalés")

    def __str__(self):
        return gettext("Signalement d'un coup de pouce (%(reason)s)") % {
            "reason": self.get_reason_display().lower()
        }

    def notification_summary(self):
        return gettext("Coup de pouce « %(summary)s » : %(reason)s") % {
            "summary": self.help.summary,
            "reason": self.get_reason_display().lower(),
        }
