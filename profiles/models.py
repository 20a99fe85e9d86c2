"""Members' profiles, what they like, share and want to learn, their conversations and reports."""

import uuid

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, Replace
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase

from tousvoisins.models import Theme
from tousvoisins.reports import ReportBase
from tousvoisins.search import suggestion

from .tags import clean_label, tag_key

# Commune columns a profile card needs (never the polygons).
COMMUNE_FIELDS = ("commune__name", "commune__insee", "commune__intercommunalite_id")


def _joined(key):
    # A key without its hyphens: "co-voiturage" and "covoiturage" meet, as "jeux de société"
    # and "jeux-de-société" already do.
    return Replace(key, Value("-"), Value(""))


class TagQuerySet(models.QuerySet):
    def for_search(self, text):
        """The tags a member's search for `text` means: same key, hyphens aside ("covoiturage"
        finds "co-voiturage"); the key already folds accents, plurals and synonyms (profiles.tags)."""
        return self.alias(joined_key=_joined("slug")).filter(joined_key=tag_key(text).replace("-", ""))

    def search_suggestion(self, text):
        """A nearer spelling of `text` among the interests members have ("cuisne" → "cuisine"), or ''."""
        used = self.filter(Exists(InterestItem.objects.filter(tag=OuterRef("pk"))))
        return suggestion(text, used, "name")

    def for_labels(self, labels):
        """The tags of `labels` (shown forms), created when new; one per key, in the given order."""
        from .suggestions import LABEL_BY_KEY

        wanted = {}
        for label in labels:
            key = tag_key(label)
            if key and key not in wanted:
                wanted[key] = LABEL_BY_KEY.get(key) or clean_label(label)
        existing = {tag.slug: tag for tag in self.filter(slug__in=wanted)}
        missing = [Tag(name=label, slug=key) for key, label in wanted.items() if key not in existing]
        if missing:
            # Two members may add the same new word at once: the key is unique, the loser reads it.
            self.bulk_create(missing, ignore_conflicts=True)
            existing = {tag.slug: tag for tag in self.filter(slug__in=wanted)}
        return [existing[key] for key in wanted if key in existing]


class Tag(TagBase):
    """A word members use. `name` is shown; `slug` holds the comparison key (profiles.tags)."""

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "mot-clé"
        verbose_name_plural = "mots-clés"
        indexes = [models.Index(_joined("slug"), name="tag_joined_key_idx")]

    def slugify(self, tag, i=None):
        return tag_key(tag)


class ProfileItem(ItemBase):
    """One tag of one profile in one of the three sets: each set has its own table."""

    class Meta:
        abstract = True


class InterestItem(ProfileItem):
    # Both columns are indexed by the unique constraint (profile, tag) and the index (tag, profile).
    content_object = models.ForeignKey(
        "Profile", on_delete=models.CASCADE, related_name="interest_items", db_index=False
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="interest_items", db_index=False)

    class Meta:
        verbose_name = "centre d'intérêt"
        verbose_name_plural = "centres d'intérêt"
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="interest_unique")]
        # Matching starts from a tag and finds the profiles having it.
        indexes = [models.Index(fields=["tag", "content_object"], name="interest_tag_profile_idx")]


class SkillItem(ProfileItem):
    # Both columns are indexed by the unique constraint (profile, tag) and the index (tag, profile).
    content_object = models.ForeignKey(
        "Profile", on_delete=models.CASCADE, related_name="skill_items", db_index=False
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="skill_items", db_index=False)

    class Meta:
        verbose_name = "savoir à partager"
        verbose_name_plural = "savoirs à partager"
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="skill_unique")]
        indexes = [models.Index(fields=["tag", "content_object"], name="skill_tag_profile_idx")]


class WishItem(ProfileItem):
    # Both columns are indexed by the unique constraint (profile, tag) and the index (tag, profile).
    content_object = models.ForeignKey(
        "Profile", on_delete=models.CASCADE, related_name="wish_items", db_index=False
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="wish_items", db_index=False)

    class Meta:
        verbose_name = "envie d'apprendre"
        verbose_name_plural = "envies d'apprendre"
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="wish_unique")]
        indexes = [models.Index(fields=["tag", "content_object"], name="wish_tag_profile_idx")]


def photo_path(profile, filename):
    # A random name (profiles.images gives one too): the address of a photo says nothing of its owner.
    return f"membres/photos/{uuid.uuid4().hex}.jpg"


class ProfileQuerySet(models.QuerySet):
    def active(self):
        return self.filter(user__is_active=True)

    def visible_to(self, user):
        """Profiles `user` may open: public ones for anybody, members' ones for members, and one's own."""
        if not user.is_authenticated:
            return self.active().filter(visibility=Profile.Visibility.PUBLIC)
        shown = Q(visibility__in=[Profile.Visibility.MEMBERS, Profile.Visibility.PUBLIC])
        return self.active().filter(shown | Q(pk=user.pk))

    def listable_for(self, user):
        """What lists and suggestions show `user`: others they may see, with no block either way.

        A member who blocked you drops out of your lists and suggestions (their page, if you
        have its address, only says they do not take messages).
        """
        blocked = Block.objects.filter(blocker=user).values("blocked_id")
        blocking = Block.objects.filter(blocked=user).values("blocker_id")
        # visible_to() without its "or my own profile": a plain IN that PostgreSQL estimates from its
        # statistics, so that a list of a few dozen members is read by index, not by scanning them all.
        return (
            self.active()
            .filter(visibility__in=[Profile.Visibility.MEMBERS, Profile.Visibility.PUBLIC])
            .exclude(pk=user.pk)
            .exclude(pk__in=blocked)
            .exclude(pk__in=blocking)
        )

    def with_place(self):
        return self.select_related("user", "commune").only(
            "user__username",
            "user__is_active",
            "display_name",
            "presentation",
            "photo",
            "visibility",
            "open_to_contact",
            "commune_id",
            *COMMUNE_FIELDS,
        )

    def for_cards(self):
        """A page of profile cards: profile, account and commune in one query, interests in a second."""
        return self.with_place().prefetch_related(
            Prefetch(
                "interest_items",
                queryset=InterestItem.objects.select_related("tag")
                .only("content_object_id", "tag__name")
                .order_by("tag__name"),
            )
        )

    def for_list(self, filters):
        """/membres/ with its filters (profiles.forms.MemberFilterForm.filters()).

        An interest costs one small query first: with the tag's id written in the SQL, PostgreSQL
        knows from its statistics whether few or half the members have it, and picks the right
        plan (measured on 20,000 members: several times faster for a common tag like "pêche").
        An unknown word gives an empty list without any further query.
        """
        queryset = self
        if filters.get("interet"):
            tag_ids = list(Tag.objects.for_search(filters["interet"]).values_list("pk", flat=True))
            queryset = queryset.filter(
                pk__in=InterestItem.objects.filter(tag_id__in=tag_ids).values("content_object_id")
            )
        if filters.get("theme"):
            queryset = queryset.filter(themes=filters["theme"])
        if filters.get("territoire"):
            queryset = queryset.filter(commune__intercommunalite=filters["territoire"])
        # Both keys in the profile table, so that the index below serves the page in order.
        return queryset.for_cards().order_by("display_name", "pk")


class Profile(models.Model):
    """What a member shows of themselves. Never their age, gender, profession or family situation."""

    class Visibility(models.TextChoices):
        MEMBERS = "membres", "Visible par les membres connectés"
        PUBLIC = "publique", "Visible par tout le monde, même sans compte"
        HIDDEN = "masquee", "Masqué : personne ne voit mon profil"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="profile",
        verbose_name="compte",
    )
    display_name = models.CharField(
        "nom affiché", max_length=40, help_text="Un prénom ou un pseudonyme. Pas de nom de famille."
    )
    commune = models.ForeignKey(
        "tousvoisins.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="commune",
    )
    presentation = models.TextField("présentation", max_length=600, blank=True)
    interests = TaggableManager(
        "centres d'intérêt", through=InterestItem, blank=True, related_name="interested_profiles"
    )
    skills = TaggableManager(
        "savoirs à partager", through=SkillItem, blank=True, related_name="skilled_profiles"
    )
    wishes = TaggableManager(
        "envies d'apprendre", through=WishItem, blank=True, related_name="wishing_profiles"
    )
    photo = models.ImageField("photo", upload_to=photo_path, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="followers", verbose_name="thèmes suivis")
    visibility = models.CharField(
        "qui voit mon profil", max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    open_to_contact = models.BooleanField("accepte les messages des membres", default=True)

    # E-mails the member wants: the weekly digest is asked for, the others can be turned off.
    weekly_digest = models.BooleanField("lettre de la semaine", default=False)
    message_notifications = models.BooleanField("avis de nouveaux messages", default=True)
    reply_notifications = models.BooleanField("avis de réponses sur le forum", default=True)
    event_reminders = models.BooleanField("rappel la veille d'une rencontre", default=True)

    created = models.DateTimeField("créé le", auto_now_add=True)
    updated = models.DateTimeField("modifié le", auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        verbose_name = "profil"
        verbose_name_plural = "profils"
        indexes = [models.Index(fields=["display_name", "user"], name="profile_name_idx")]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("profiles:member-detail", kwargs={"username": self.user.username})

    @property
    def is_hidden(self):
        return self.visibility == self.Visibility.HIDDEN

    @property
    def is_public(self):
        return self.visibility == self.Visibility.PUBLIC


def display_name_for(user):
    """What a new profile is called: the first name if the account has one, else the username's start."""
    first_name = (user.first_name or "").strip()
    if first_name:
        return first_name[:40]
    return user.username.rsplit("-", 1)[0].capitalize()[:40] or "Voisin"


def get_profile(user):
    """The member's profile, made on first use for accounts created before profiles existed."""
    profile, _ = Profile.objects.get_or_create(user=user, defaults={"display_name": display_name_for(user)})
    return profile


class Block(models.Model):
    """`blocker` no longer receives messages from `blocked`, who is never told."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made", verbose_name="membre"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="blocks_received",
        verbose_name="membre bloqué",
    )
    created = models.DateTimeField("bloqué le", auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "blocage"
        verbose_name_plural = "blocages"
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_unique"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="block_not_self"),
        ]

    def __str__(self):
        return f"{self.blocker} a bloqué {self.blocked}"


class ConversationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(Q(first=user) | Q(second=user))

    def between(self, user, other):
        first, second = sorted([user.pk, other.pk])
        return self.filter(first_id=first, second_id=second)

    def for_inbox(self, user):
        """The member's threads, latest first, with unread counts and the last message: one query."""
        unread = (
            Message.objects.filter(conversation=OuterRef("pk"), recipient=user, read_at__isnull=True)
            .order_by()
            .values("conversation")
            .annotate(count=Count("pk"))
            .values("count")
        )
        last = Message.objects.filter(conversation=OuterRef("pk")).order_by("-created", "-pk")
        return (
            self.for_user(user)
            .select_related("first__profile", "second__profile")
            .only(
                "last_message_at",
                "first__username",
                "second__username",
                "first__profile__display_name",
                "first__profile__photo",
                "first__profile__visibility",
                "second__profile__display_name",
                "second__profile__photo",
                "second__profile__visibility",
            )
            .annotate(
                unread=Coalesce(Subquery(unread), 0),
                last_body=Subquery(last.values("body")[:1]),
                last_sender_id=Subquery(last.values("sender_id")[:1]),
            )
            .order_by("-last_message_at", "-pk")
        )


class Conversation(models.Model):
    """A private thread between two members (`first` has the smaller id, so a pair has one thread)."""

    first = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="membre"
    )
    second = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="autre membre"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversations_started",
        verbose_name="commencée par",
    )
    created = models.DateTimeField("commencée le", default=timezone.now, db_index=True)
    last_message_at = models.DateTimeField("dernier message le", default=timezone.now)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-last_message_at"]
        verbose_name = "conversation"
        verbose_name_plural = "conversations"
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="conversation_unique_pair"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="conversation_ordered_pair"),
        ]
        indexes = [
            models.Index(fields=["second", "-last_message_at"], name="conversation_second_idx"),
            models.Index(fields=["started_by", "created"], name="conversation_started_idx"),
        ]

    def __str__(self):
        return f"Conversation n° {self.pk}"

    def get_absolute_url(self):
        return reverse("profiles:conversation", kwargs={"pk": self.pk})

    def other(self, user):
        return self.second if self.first_id == user.pk else self.first

    def has_member(self, user):
        return user.pk in (self.first_id, self.second_id)


class MessageQuerySet(models.QuerySet):
    def unread_for(self, user):
        return self.filter(recipient=user, read_at__isnull=True)

    def to_notify(self):
        """Unread messages nobody has been told about by e-mail yet."""
        return self.filter(read_at__isnull=True, notified_at__isnull=True)


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", verbose_name="conversation"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_sent", verbose_name="de"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="messages_received",
        verbose_name="à",
    )
    body = models.TextField("message", max_length=3000)
    created = models.DateTimeField("envoyé le", default=timezone.now)
    read_at = models.DateTimeField("lu le", null=True, blank=True)
    notified_at = models.DateTimeField("signalé par e-mail le", null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = "message"
        verbose_name_plural = "messages"
        indexes = [
            models.Index(fields=["conversation", "created"], name="message_conversation_idx"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="message_unread_idx"),
        ]

    def __str__(self):
        return f"Message de {self.sender} du {timezone.localtime(self.created):%d/%m/%Y %H:%M}"


class Report(ReportBase):
    """A member tells the moderators about a profile or a message. Only moderators read these."""

    class Reason(models.TextChoices):
        HARASSMENT = "harcelement", "Insultes, menaces ou harcèlement"
        SPAM = "publicite", "Publicité, arnaque ou démarchage"
        SHOCKING = "choquant", "Contenu choquant ou contraire à la charte"
        FAKE = "faux-profil", "Faux profil ou usurpation"
        OTHER = "autre", "Autre raison"

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports_made",
        verbose_name="signalé par",
    )
    reported_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports_received",
        verbose_name="membre signalé",
    )
    message = models.ForeignKey(
        Message,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name="message signalé",
    )
    reason = models.CharField("raison", max_length=20, choices=Reason.choices)
    moderator_note = models.TextField(
        "note de la modération", blank=True, help_text="Ce qui a été fait. Jamais montré au membre."
    )

    class Meta(ReportBase.Meta):
        verbose_name = "signalement"
        verbose_name_plural = "signalements"
        indexes = [models.Index(fields=["status", "-created"], name="report_status_idx")]

    def __str__(self):
        what = "un message" if self.message_id else "un profil"
        return f"Signalement d’{what} ({self.get_reason_display().lower()})"

    def notification_summary(self):
        what = "Message privé" if self.message_id else "Profil d'un membre"
        return f"{what} : {self.get_reason_display().lower()}"


class SentNotification(models.Model):
    """What an e-mail job already sent, so that running it again sends nothing twice."""

    class Kind(models.TextChoices):
        WEEKLY_DIGEST = "lettre", "Lettre de la semaine"
        EVENT_REMINDER = "rappel", "Rappel de rencontre"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="membre"
    )
    kind = models.CharField("e-mail", max_length=10, choices=Kind.choices)
    key = models.CharField("période ou date", max_length=40)
    sent_at = models.DateTimeField("envoyé le", default=timezone.now)

    class Meta:
        verbose_name = "e-mail envoyé"
        verbose_name_plural = "e-mails envoyés"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="sent_notification_unique")
        ]
