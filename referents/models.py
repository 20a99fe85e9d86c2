"""Referents: who they are, where and when to meet them, and the messages people send them.

What a referent looks after (thèmes or intercommunalité) is NOT stored here: it is the
foundation's accounts.Scope of their user account, the one the admin of every app reads.
The querysets below join `user__scope` to show it; referents.services keeps it in step.
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import Case, F, Prefetch, Q, When, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tousvoisins import french
from tousvoisins.dates import WEEKDAYS, time_in_words
from tousvoisins.french import de_person
from tousvoisins.lib import normalize_place_name
from tousvoisins.models import Commune, Intercommunalite, OutsideTerritory, Theme, commune_for_point
from tousvoisins.phones import normalize_phone, validate_phone

# What lists read of the big reference rows: never their polygons.
THEME_FIELDS = ("slug", "name", "pictogram", "colour", "position")
TERRITORY_FIELDS = ("siren", "full_name", "short_name")


class ReferentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)

    def thematic(self):
        return self.filter(kind=Referent.Kind.THEMATIC)

    def territorial(self):
        return self.filter(kind=Referent.Kind.TERRITORY)

    def with_theme(self, theme):
        return self.filter(user__scope__themes=theme)

    def serving(self, territory):
        """Who a resident of `territory` may meet: its territory referent(s), and the thematic
        referents (they cover the whole département) who hold a permanence there."""
        matching = Referent.objects.filter(
            Q(kind=Referent.Kind.TERRITORY, user__scope__intercommunalites=territory)
            | Q(kind=Referent.Kind.THEMATIC, permanences__commune__intercommunalite=territory)
        )
        return self.filter(pk__in=matching.values("pk"))

    def to_contact_about(self, event):
        """The active referents an event's page names: the territory referents of its
        intercommunalité, then the thematic referents of its thèmes, each by name, in one query
        (the thèmes are read from the event, prefetched by Event.objects.for_detail)."""
        themes = [theme.pk for theme in event.themes.all()]
        return (
            self.active()
            .filter(
                Q(kind=Referent.Kind.TERRITORY, user__scope__intercommunalites=event.intercommunalite_id)
                | Q(kind=Referent.Kind.THEMATIC, user__scope__themes__in=themes)
            )
            .distinct()
            .only("pk", "public_name", "kind", "title", "phone", "phone_hours")
            .order_by(Case(When(kind=Referent.Kind.TERRITORY, then=0), default=1), "public_name", "pk")
        )

    def phone_to_call_in(self, territory):
        """The active territory referent of `territory` who shows a public phone number, or None:
        the number printed for people who register or ask to be accompanied by phone."""
        return (
            self.active()
            .territorial()
            .filter(user__scope__intercommunalites=territory)
            .exclude(phone="")
            .only("pk", "public_name", "phone", "phone_hours")
            .order_by("public_name", "pk")
            .first()
        )

    def for_cards(self):
        """Four queries whatever the number: referents with their scope, thèmes, territories, permanences."""
        return self.for_rows().prefetch_related(*card_prefetches())

    def for_rows(self):
        """The referents of a list whose cards are kept (tousvoisins.fragments): one query; what
        only a card shows is read by prefetch_cards() for the cards to render."""
        return self.select_related("user__scope")

    def ordered(self):
        # Territory referents first ("territoire" sorts before "thematique"), then by name.
        return self.order_by("kind", "public_name", "pk")


def card_prefetches():
    return [
        Prefetch("user__scope__themes", queryset=Theme.objects.only(*THEME_FIELDS)),
        Prefetch("user__scope__intercommunalites", queryset=Intercommunalite.objects.only(*TERRITORY_FIELDS)),
        Prefetch("permanences", queryset=Permanence.objects.for_display()),
    ]


def prefetch_cards(referents):
    """What a card shows beyond the referent (thèmes, territories, permanences): three queries."""
    prefetch_related_objects(referents, *card_prefetches())


class Referent(models.Model):
    class Kind(models.TextChoices):
        THEMATIC = "thematique", _("Référent thématique")
        TERRITORY = "territoire", _("Référent de territoire")

    class StructureKind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        COMMUNE = "commune", _("Commune ou CCAS")
        INTERCOMMUNALITE = "intercommunalite", _("Intercommunalité")
        DEPARTEMENT = "departement", _("Département de Loire-Atlantique")
        PUBLIC = "service-public", _("Autre service public (France Travail, CAF, France services…)")
        OTHER = "autre", _("Autre structure")

    class Title(models.TextChoices):
        # How the person is named on the site; chosen for them, never guessed from a name.
        REFERENT = "referent", pgettext_lazy("titre", "référent")
        REFERENTE = "referente", pgettext_lazy("titre", "référente")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="referent",
        verbose_name=_("compte"),
        help_text=_(
            "Le compte avec lequel cette personne se connecte. Son adresse e-mail n'est jamais montrée."
        ),
    )
    public_name = models.CharField(
        _("nom affiché"),
        max_length=80,
        help_text=_("Un prénom suffit, par exemple « Claire » ou « Claire M. »."),
    )
    title = models.CharField(
        _("titre"),
        max_length=9,
        choices=Title.choices,
        default=Title.REFERENT,
        help_text=_("Comment la fiche présente cette personne : « Référent » ou « Référente »."),
    )
    photo = models.ImageField(_("photo"), upload_to="referents/", blank=True)
    kind = models.CharField(_("rôle"), max_length=12, choices=Kind.choices)
    structure = models.CharField(
        _("structure"),
        max_length=150,
        help_text=_("Le nom de l'association, de la commune ou du service, par exemple « CCAS de Blain »."),
    )
    structure_kind = models.CharField(_("type de structure"), max_length=20, choices=StructureKind.choices)
    presentation = models.TextField(
        _("présentation"),
        max_length=800,
        help_text=_(
            "Quelques phrases simples : ce que vous faites, comment vous pouvez aider. "
            "800 caractères au plus."
        ),
    )
    phone = models.CharField(
        _("téléphone de la structure"),
        max_length=20,
        blank=True,
        validators=[validate_phone],
        help_text=_(
            "Facultatif. Le numéro de l'accueil de la structure, par exemple « 02 40 00 00 00 » : "
            "jamais un numéro personnel, sauf si vous voulez le rendre public. Il est montré sur votre "
            "fiche et sur les rencontres de votre territoire, pour s'inscrire par téléphone."
        ),
    )
    phone_hours = models.CharField(
        _("quand appeler"),
        max_length=120,
        blank=True,
        help_text=_("Facultatif. Par exemple « du lundi au vendredi, de 9 h à 12 h »."),
    )
    is_active = models.BooleanField(
        _("actif"),
        default=True,
        help_text=_("Décochez pour retirer la fiche de l'annuaire et l'accès à l'administration."),
    )
    created = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ReferentQuerySet.as_manager()

    class Meta:
        ordering = ["public_name", "pk"]
        verbose_name = _("référent")
        verbose_name_plural = _("référents")

    def __str__(self):
        return f"{self.public_name} ({self.role_in_words.lower()})"

    def get_absolute_url(self):
        return reverse("referents:detail", kwargs={"pk": self.pk})

    def clean(self):
        try:
            self.phone = normalize_phone(self.phone)
        except ValidationError as error:
            raise ValidationError({"phone": error.messages}) from error
        if self.phone_hours and not self.phone:
            raise ValidationError(
                {"phone_hours": gettext("Indiquez aussi le numéro à appeler, ou laissez vide.")}
            )

    @property
    def is_territorial(self):
        return self.kind == self.Kind.TERRITORY

    @property
    def is_referente(self):
        return self.title == self.Title.REFERENTE

    @property
    def role_in_words(self):
        """'Référente thématique', 'Référent de territoire': the title chosen in the admin."""
        if self.is_territorial:
            return (
                gettext("Référente de territoire") if self.is_referente else gettext("Référent de territoire")
            )
        return gettext("Référente thématique") if self.is_referente else gettext("Référent thématique")

    def _scope(self):
        try:
            return self.user.scope
        except models.ObjectDoesNotExist:
            return None

    @property
    def themes(self):
        scope = self._scope()
        return list(scope.themes.all()) if scope else []

    @property
    def territories(self):
        scope = self._scope()
        return list(scope.intercommunalites.all()) if scope else []

    @property
    def area_in_words(self):
        """What this referent looks after, as one line of a card."""
        if self.is_territorial:
            return ", ".join(territory.full_name for territory in self.territories) or gettext(
                "Territoire à préciser"
            )
        return ", ".join(theme.label for theme in self.themes) or gettext("Thèmes à préciser")

    @property
    def initials(self):
        return french.initials(self.public_name)


def titles_in_words(titles):
    """The heading over several referents: 'Référente', 'Référents' (any man among them), 'Référentes'."""
    titles = list(titles)
    several = len(titles) > 1
    if titles and all(title == Referent.Title.REFERENTE for title in titles):
        return pgettext("titre", "Référentes") if several else pgettext("titre", "Référente")
    return pgettext("titre", "Référents") if several else pgettext("titre", "Référent")


def territory_titles_in_words(titles):
    """'Référente de territoire', 'Référents de territoire'…: the words before the names on the map."""
    titles = list(titles)
    several = len(titles) > 1
    if titles and all(title == Referent.Title.REFERENTE for title in titles):
        return gettext("Référentes de territoire") if several else gettext("Référente de territoire")
    return gettext("Référents de territoire") if several else gettext("Référent de territoire")


class PermanenceQuerySet(models.QuerySet):
    def for_display(self):
        return self.select_related("commune").only(
            *(field.name for field in Permanence._meta.concrete_fields if field.name != "point"),
            "commune__name",
            "commune__insee",
        )

    def for_map(self):
        """Permanences of the active thematic referents, with what a marker and its popup say."""
        return (
            self.filter(referent__kind=Referent.Kind.THEMATIC, referent__is_active=True)
            .filter(referent__user__is_active=True)
            .select_related("commune", "referent__user__scope")
            .defer("commune__geometry", "commune__centre")
            .prefetch_related(
                Prefetch("referent__user__scope__themes", queryset=Theme.objects.only(*THEME_FIELDS))
            )
            .order_by("referent__public_name", "referent_id", "weekday", "start_time")
        )


class Permanence(models.Model):
    """Where and when to meet a referent: "le mardi de 14 h à 17 h, médiathèque de Blain"."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("lundi")
        TUESDAY = 1, _("mardi")
        WEDNESDAY = 2, _("mercredi")
        THURSDAY = 3, _("jeudi")
        FRIDAY = 4, _("vendredi")
        SATURDAY = 5, _("samedi")
        SUNDAY = 6, _("dimanche")

    referent = models.ForeignKey(
        Referent, on_delete=models.CASCADE, related_name="permanences", verbose_name=_("référent")
    )
    place_name = models.CharField(
        _("lieu"), max_length=150, help_text=_("Par exemple « Médiathèque Jules-Verne ».")
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    # Both may be left empty in a form: clean() puts the point at the commune's centre, or
    # takes the commune from the point (never chosen by hand against the point).
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune"), blank=True
    )
    point = models.PointField(
        _("position sur la carte"),
        srid=4326,
        blank=True,
        help_text=_("Laissez vide pour placer la permanence au centre de la commune."),
    )
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    start_time = models.TimeField(
        pgettext_lazy("heure de début", "de"), help_text=_("Heure de début, par exemple 14:00.")
    )
    end_time = models.TimeField(
        pgettext_lazy("heure de fin", "à"), help_text=_("Heure de fin, par exemple 17:00.")
    )
    frequency = models.CharField(
        _("fréquence"),
        max_length=80,
        blank=True,
        help_text=_("Laissez vide si c'est chaque semaine. Sinon, par exemple « 1er et 3e mardi du mois »."),
    )
    notes = models.CharField(
        _("à savoir"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « sans rendez-vous » ou « au 1er étage, avec ascenseur »."),
    )

    objects = PermanenceQuerySet.as_manager()

    class Meta:
        ordering = ["weekday", "start_time", "pk"]
        verbose_name = _("permanence")
        verbose_name_plural = _("permanences")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="permanence_end_after_start",
                violation_error_message=_("L'heure de fin doit être après l'heure de début."),
            )
        ]

    def __str__(self):
        return f"{self.when_in_words}, {self.place_name}"

    def clean(self):
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = gettext("L'heure de fin doit être après l'heure de début.")
        if self.frequency and self.weekday is not None:
            other_days = set(normalize_place_name(self.frequency).split()) & set(WEEKDAYS)
            other_days.discard(WEEKDAYS[self.weekday])
            if other_days:
                errors["frequency"] = gettext(
                    "La fréquence parle du %(days)s mais le jour choisi est le %(weekday)s. "
                    "Corrigez l'un des deux."
                ) % {"days": ", ".join(sorted(other_days)), "weekday": self.get_weekday_display()}
        try:
            self.locate()
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)

    def locate(self):
        """The point (given, else the commune's centre), then the commune containing it."""
        if self.point is None:
            if not self.commune_id:
                raise ValidationError({"commune": gettext("Choisissez la commune de la permanence.")})
            self.point = self.commune.centre
        try:
            self.commune = commune_for_point(self.point)
        except OutsideTerritory as error:
            raise ValidationError({"point": error.messages}) from None

    @property
    def when_in_words(self):
        times = {"start": time_in_words(self.start_time), "end": time_in_words(self.end_time)}
        if self.frequency:
            # The frequency is what the referent wrote: it stays as written.
            return gettext("%(frequency)s, de %(start)s à %(end)s") % {"frequency": self.frequency, **times}
        return gettext("le %(weekday)s de %(start)s à %(end)s") % {
            "weekday": self.get_weekday_display(),
            **times,
        }


class ReferentMessageQuerySet(models.QuerySet):
    def for_user(self, user):
        """The messages a referent may read: those written to them."""
        return self.filter(referent__user=user)


class ReferentMessage(models.Model):
    """A message written to a referent through the site; it also leaves by e-mail."""

    referent = models.ForeignKey(
        Referent, on_delete=models.CASCADE, related_name="messages", verbose_name=_("référent")
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referent_messages",
        verbose_name=_("compte de l'expéditeur"),
    )
    name = models.CharField(_("nom de l'expéditeur"), max_length=100)
    email = models.EmailField(_("adresse pour répondre"))
    message = models.TextField(_("message"), max_length=3000)
    created = models.DateTimeField(_("reçu le"), auto_now_add=True)
    handled = models.BooleanField(_("traité"), default=False, help_text=_("Cochez quand vous avez répondu."))

    objects = ReferentMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("message reçu")
        verbose_name_plural = _("messages reçus")

    def __str__(self):
        return gettext("Message %(of_name)s à %(referent)s") % {
            "of_name": de_person(self.name),
            "referent": self.referent.public_name,
        }
