"""Writes on referents that reach beyond their row: their scope and role, and messages to them."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from accounts.models import MODERATION, TERRITORY_REFERENTS, THEMATIC_REFERENTS, Scope, User
from tousvoisins.geocoding import geocode
from tousvoisins.mail import send_email_on_commit
from tousvoisins.site import absolute_url

from .models import Referent, ReferentMessage

ROLE_GROUP = {Referent.Kind.THEMATIC: THEMATIC_REFERENTS, Referent.Kind.TERRITORY: TERRITORY_REFERENTS}


def scope_errors(kind, themes, territories):
    """French messages, by form field, when what a referent looks after does not fit their role."""
    themes, territories = list(themes), list(territories)
    if kind == Referent.Kind.THEMATIC:
        if not themes:
            return {"themes": "Un référent thématique suit au moins un thème : cochez-en un."}
        if territories:
            return {
                "territories": "Un référent thématique suit ses thèmes dans tout le département : "
                "ne cochez pas d'intercommunalité."
            }
    if kind == Referent.Kind.TERRITORY:
        if not territories:
            return {"territories": "Un référent de territoire suit une intercommunalité : cochez-la."}
        if themes:
            return {
                "themes": "Un référent de territoire suit tous les thèmes de son intercommunalité : "
                "ne cochez pas de thème."
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
    send_email_on_commit(
        subject=f"Un message pour vous, de {stored.name}",
        body=_referent_body(stored),
        to=[referent.user.email] if referent.user.email else User.objects.moderation_addresses(),
        reply_to=[stored.email],
    )
    send_email_on_commit(
        subject=f"Votre message à {referent.public_name} est bien parti",
        body=_acknowledgement_body(stored),
        to=[stored.email],
    )
    return stored


def _referent_body(stored):
    admin_url = absolute_url(reverse("admin:referents_referentmessage_change", args=[stored.pk]))
    account = "oui" if stored.sender_id else "non (visiteur)"
    return (
        f"Bonjour {stored.referent.public_name},\n\n"
        f"{stored.name} vous a écrit par le site Tous voisins 44.\n"
        f"Membre connecté : {account}\n\n"
        f"--- Son message ---\n{stored.message}\n--- Fin du message ---\n\n"
        "Pour lui répondre, répondez simplement à cet e-mail : la réponse partira à l'adresse "
        "que cette personne a donnée. Votre adresse ne lui a pas été montrée ; elle la verra "
        "si vous lui répondez par e-mail.\n\n"
        "Ce message est aussi rangé dans votre espace, où vous pouvez le marquer comme traité :\n"
        f"{admin_url}\n"
    )


def _acknowledgement_body(stored):
    name = stored.referent.public_name
    return (
        f"Bonjour {stored.name},\n\n"
        f"Votre message à {name}, sur le site Tous voisins 44, est bien parti.\n"
        f"{name} vous répondra par e-mail, à cette adresse. Les référents sont souvent bénévoles : "
        "la réponse peut prendre quelques jours.\n\n"
        "Vous n'avez pas écrit ce message ? Ne répondez pas et ignorez cet e-mail.\n\n"
        "L'équipe de Tous voisins 44\n"
    )
