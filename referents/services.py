"""Writes on referents that reach beyond their row: their scope and role, and messages to them."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import MODERATION, TERRITORY_REFERENTS, THEMATIC_REFERENTS, Scope, User
from tousvoisins.french import de_person
from tousvoisins.geocoding import geocode
from tousvoisins.mail import later, page_language, recipients_language, send_templated_email, translated
from tousvoisins.site import absolute_url

from .models import Referent, ReferentMessage

ROLE_GROUP = {Referent.Kind.THEMATIC: THEMATIC_REFERENTS, Referent.Kind.TERRITORY: TERRITORY_REFERENTS}


def scope_errors(kind, themes, territories):
    """French messages, by form field, when what a referent looks after does not fit their role."""
    themes, territories = list(themes), list(territories)
    if kind == Referent.Kind.THEMATIC:
        if not themes:
            return {"themes": _("Un référent thématique suit au moins un thème : cochez-en un.")}
        if territories:
            return {
                "territories": _(
                    "Un référent thématique suit ses thèmes dans tout le département : "
                    "ne cochez pas d'intercommunalité."
                )
            }
    if kind == Referent.Kind.TERRITORY:
        if not territories:
            return {"territories": _("Un référent de territoire suit une intercommunalité : cochez-la.")}
        if themes:
            return {
                "themes": _(
                    "Un référent de territoire suit tous les thèmes de son intercommunalité : "
                    "ne cochez pas de thème."
                )
            }
    return {}


@transaction.atomic
def referent_save(*, referent, themes, territories):
    """Save a referent and keep their account in step: the scope the admin reads (accounts.Scope),
    the role group that gives its permissions, and the access to the admin."""
    themes, territories = list(themes), list(territories)
    if errors := scope_errors(referent.kind, themes, territories):
        raise ValidationError(errors)
    referent.full_clean()
    referent.save()
    scope, _ = Scope.objects.get_or_create(user=referent.user)
    scope.themes.set(themes)
    scope.intercommunalites.set(territories)
    referent_sync_access(referent)
    return referent


def referent_sync_access(referent):
    """An active referent is in their role's group and may open the admin; an inactive one is not."""
    user = referent.user
    groups = {group.name: group for group in Group.objects.filter(name__in=ROLE_GROUP.values())}
    own = ROLE_GROUP[referent.kind]
    user.groups.remove(*(group for name, group in groups.items() if name != own or not referent.is_active))
    if referent.is_active:
        user.groups.add(groups[own])
    staff = referent.is_active or user.is_superuser or user.groups.filter(name=MODERATION).exists()
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_cached_group_names", None)


def permanence_place(permanence):
    """Put a permanence at its address when the geocoder finds it (settings.GEOCODER_URL), else at
    its commune's centre; its commune is then the one containing that point."""
    point = geocode(permanence.address, permanence.commune.name) if permanence.address else None
    permanence.point = point or permanence.commune.centre
    try:
        permanence.locate()
    except ValidationError:
        # The address base placed it outside Loire-Atlantique: the commune chosen is surer.
        permanence.point = permanence.commune.centre
        permanence.locate()


@transaction.atomic
def referent_delete(referent):
    """Remove a referent's card, and with it their scope and their access to the admin."""
    referent.is_active = False
    referent_sync_access(referent)
    Scope.objects.filter(user=referent.user).delete()
    if referent.photo:
        # The file goes only once the rows are gone for good.
        storage, name = referent.photo.storage, referent.photo.name
        transaction.on_commit(lambda: storage.delete(name))
    referent.delete()


@transaction.atomic
def referent_message_send(*, referent, name, email, message, sender=None):
    """Store a message to a referent, e-mail it to them and acknowledge it to the sender.

    The referent's address stays hidden: the e-mail leaves from the site, with the sender's
    address to reply to. The acknowledgement does not repeat the message, so the form cannot
    be used to send any text to any address.
    """
    stored = ReferentMessage(
        referent=referent,
        sender=sender if sender is not None and sender.is_authenticated else None,
        name=name,
        email=email,
        message=message,
    )
    stored.full_clean()
    stored.save()
    # In the referent's language; the moderation team, when the referent has no address, in French.
    send_templated_email(
        "referents/emails/message_to_referent",
        {
            "message": stored,
            "admin_url": absolute_url(reverse("admin:referents_referentmessage_change", args=[stored.pk])),
        },
        to=[referent.user.email] if referent.user.email else User.objects.moderation_addresses(),
        subject=translated(
            gettext_lazy("Un message pour vous, %(of_name)s"), of_name=later(de_person, stored.name)
        ),
        reply_to=[stored.email],
        about=[stored.sender_id],
        language=None if referent.user.email else settings.LANGUAGE_CODE,
    )
    # In the language of the sender's account; a visitor without one reads the page's.
    send_templated_email(
        "referents/emails/acknowledgement",
        {"message": stored, "name": referent.public_name},
        to=[stored.email],
        subject=translated(
            gettext_lazy("Votre message à %(name)s est bien parti"), name=referent.public_name
        ),
        language=recipients_language([stored.email], member=stored.sender, otherwise=page_language()),
    )
    return stored
