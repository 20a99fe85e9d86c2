"""What a member shows of themselves, and what lists of members read."""

import uuid

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from accounts.models import Block
from tousvoisins.models import Theme

from .tags import InterestItem, SkillItem, Tag, WishItem

# Commune columns a profile card needs (never the polygons).
COMMUNE_FIELDS = ("commune__name", "commune__insee", "commune__intercommunalite_id")


def photo_path(profile, filename):
    # A random name (tousvoisins.images.PictureField gives one too): the address of a photo says
    # nothing of its owner.
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
        return self.listed().exclude(pk=user.pk).exclude(pk__in=blocked).exclude(pk__in=blocking)

    def listed(self):
        """Every profile a list of members may show, whoever looks (listable_for() before the
        viewer's own and their blocks are taken out)."""
        # visible_to() without its "or my own profile": a plain IN that PostgreSQL estimates from its
        # statistics, so that a list of a few dozen members is read by index, not by scanning them all.
        return self.active().filter(visibility__in=[Profile.Visibility.MEMBERS, Profile.Visibility.PUBLIC])

    def left_out_for(self, user):
        """Of these profiles, those listed for others but not for `user`: their own, and the
        members they blocked or who blocked them; a few rows found by primary key."""
        # One IN over a union (not an OR), which PostgreSQL joins by the primary key.
        ids = (
            Block.objects.filter(blocker=user)
            .values("blocked_id")
            .union(
                Block.objects.filter(blocked=user).values("blocker_id"),
                user._meta.model.objects.filter(pk=user.pk).values("pk"),
                all=True,
            )
        )
        return self.filter(pk__in=ids)

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
        return self.with_place().prefetch_related(card_interests())

    def for_list(self, filters, tag_ids=None):
        """/membres/ with its filters (profiles.forms.MemberFilterForm.filters()).

        An interest costs one small query first (unless `tag_ids`, the interest's tags, are
        given): with the tag's id written in the SQL, PostgreSQL knows from its statistics whether
        few or half the members have it, and picks the right plan (measured on 20,000 members:
        several times faster for a common tag like "pêche"). An unknown word gives an empty list
        without any further query.
        """
        queryset = self
        if filters.get("interet"):
            if tag_ids is None:
                tag_ids = Tag.objects.ids_for_search(filters["interet"])
            queryset = queryset.filter(
                pk__in=InterestItem.objects.filter(tag_id__in=tag_ids).values("content_object_id")
            )
        if filters.get("theme"):
            queryset = queryset.filter(themes=filters["theme"])
        if filters.get("territoire"):
            queryset = queryset.filter(commune__intercommunalite=filters["territoire"])
        # Both keys in the profile table, so that the index below serves the page in order.
        return queryset.for_cards().order_by("display_name", "pk")


def card_interests():
    """The interests a profile card shows, in the order it shows them."""
    return Prefetch(
        "interest_items",
        queryset=InterestItem.objects.select_related("tag")
        .only("content_object_id", "tag__name")
        .order_by("tag__name"),
    )


class Profile(models.Model):
    """What a member shows of themselves. Never their age, gender, profession or family situation."""

    class Visibility(models.TextChoices):
        MEMBERS = "membres", _("Visible par les membres connectés")
        PUBLIC = "publique", _("Visible par tout le monde, même sans compte")
        HIDDEN = "masquee", _("Masqué : personne ne voit mon profil")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="profile",
        verbose_name=_("compte"),
    )
    display_name = models.CharField(
        _("nom affiché"), max_length=40, help_text=_("Un prénom ou un pseudonyme. Pas de nom de famille.")
    )
    commune = models.ForeignKey(
        "tousvoisins.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    presentation = models.TextField(_("présentation"), max_length=600, blank=True)
    interests = TaggableManager(
        _("centres d'intérêt"), through=InterestItem, blank=True, related_name="interested_profiles"
    )
    skills = TaggableManager(
        _("savoirs à partager"), through=SkillItem, blank=True, related_name="skilled_profiles"
    )
    wishes = TaggableManager(
        _("envies d'apprendre"), through=WishItem, blank=True, related_name="wishing_profiles"
    )
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="followers", verbose_name=_("thèmes suivis")
    )
    visibility = models.CharField(
        _("qui voit mon profil"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    open_to_contact = models.BooleanField(_("accepte les messages des membres"), default=True)

    # E-mails the member wants: the weekly digest is asked for, the others can be turned off.
    weekly_digest = models.BooleanField(_("lettre de la semaine"), default=False)
    message_notifications = models.BooleanField(_("avis de nouveaux messages"), default=True)
    reply_notifications = models.BooleanField(_("avis de réponses sur le forum"), default=True)
    event_reminders = models.BooleanField(_("rappel la veille d'une rencontre"), default=True)
    community_messages = models.BooleanField(_("messages des hôtes de mes communautés"), default=True)

    created = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("profil")
        verbose_name_plural = _("profils")
        indexes = [
            models.Index(fields=["display_name", "user"], name="profile_name_idx"),
            # The profiles saved since a member's suggestions were ranked (profiles.kept_matches).
            models.Index(fields=["updated"], name="profile_updated_idx"),
        ]

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
