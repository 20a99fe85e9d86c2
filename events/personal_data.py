"""What the agenda holds about a member, for "Télécharger mes données" and "Supprimer mon compte".

accounts.gdpr calls export_user_data(user) and erase_user_data(user) of every app, and
purge_expired_data(now=...) every day. The people a referent registered (ProxyRegistration) are
not the referent's data: they are never in anybody's download, and go a set time after their date.
"""

import re

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tousvoisins import content_stamp

from .models import (
    AccompanimentOffer,
    AccompanimentRequest,
    Event,
    Occurrence,
    Participation,
    ProxyRegistration,
    WaitingListEntry,
)
from .notifications import site_url
from .services_waiting_list import offer_next_place

OFFERED = WaitingListEntry.Status.OFFERED

FORMER_MEMBER = "Un ancien membre"


def _words(text):
    return re.findall(r"\w+", (text or "").lower())


def _names_of(user):
    """The words a member may have signed with: first and last name, username, profile's name."""
    profile = getattr(user, "profile", None)
    texts = [user.first_name, user.last_name, user.username.rsplit("-", 1)[0]]
    texts.append(getattr(profile, "display_name", ""))
    return {word for text in texts for word in _words(text) if len(word) > 1}


def export_user_data(user):
    participations = (
        Participation.objects.filter(user=user)
        .select_related("occurrence__event")
        .only(
            "created",
            "occurrence__start",
            "occurrence__end",
            "occurrence__event__title",
            "occurrence__event__slug",
            "occurrence__event__all_day",
        )
        .order_by("occurrence__start", "pk")
    )
    events = (
        Event.objects.filter(proposed_by=user)
        .select_related("commune")
        .defer("search_vector", "commune__geometry")
        .prefetch_related("themes")
        .order_by("created", "pk")
    )
    return {
        "participations": [
            {
                "evenement": participation.occurrence.event.title,
                "date": participation.occurrence.when_in_words,
                "debut": participation.occurrence.start.isoformat(),
                "adresse_sur_le_site": site_url(participation.occurrence.event.get_absolute_url()),
                "inscrit_le": participation.created.isoformat(),
            }
            for participation in participations
        ],
        "evenements_proposes": [_event_data(event) for event in events],
        **_accompaniment_data(user),
        "listes_d_attente": _waiting_list_data(user),
    }


def _waiting_list_data(user):
    entries = WaitingListEntry.objects.filter(user=user).select_related("occurrence__event")
    return [
        {
            "evenement": entry.occurrence.event.title,
            "date": entry.occurrence.when_in_words,
            "etat": entry.get_status_display(),
            "inscrit_le": entry.created.isoformat(),
            "place_proposee_le": entry.offered_at.isoformat() if entry.offered_at else None,
            "a_confirmer_avant": entry.expires_at.isoformat() if entry.expires_at else None,
        }
        for entry in entries.order_by("created", "pk")
    ]


def _accompaniment_data(user):
    requests = AccompanimentRequest.objects.filter(participation__user=user).select_related(
        "occurrence__event"
    )
    offers = AccompanimentOffer.objects.filter(helper=user).select_related("request__occurrence__event")
    return {
        "demandes_d_accompagnement": [
            {
                "evenement": each.occurrence.event.title,
                "date": each.occurrence.when_in_words,
                "demande": each.get_kind_display(),
                "mot": each.note,
                "etat": each.get_status_display(),
                "demande_le": each.created.isoformat(),
            }
            for each in requests.order_by("created", "pk")
        ],
        "propositions_d_accompagnement": [
            {
                "evenement": each.request.occurrence.event.title,
                "date": each.request.occurrence.when_in_words,
                "proposee_le": each.created.isoformat(),
                "acceptee_le": each.accepted_at.isoformat() if each.accepted_at else None,
            }
            for each in offers.order_by("created", "pk")
        ],
    }


def _event_data(event):
    return {
        "titre": event.title,
        "statut": event.get_status_display(),
        "motif": event.status_reason,
        "quand": event.when_in_words,
        "repetition": event.recurrence_in_words,
        "lieu": event.place_name,
        "adresse": event.address,
        "commune": event.commune.name,
        "organisateur": event.organiser_name,
        "en_bref": event.summary,
        "description": event.description,
        "themes": [theme.name for theme in event.themes.all()],
        "image": event.picture.name or None,
        "description_de_l_image": event.picture_alt,
        "nombre_de_places": event.capacity,
        "qui_accueille": event.welcomer_name,
        "comment_la_ou_le_reconnaitre": event.welcomer_hint,
        "comment_venir": event.how_to_come,
        "inscription_par_telephone": event.phone_registration,
        "numero_a_appeler": event.phone_number,
        "propose_le": event.created.isoformat(),
        "adresse_sur_le_site": site_url(event.get_absolute_url()) if event.is_public else None,
    }


@transaction.atomic
def erase_user_data(user):
    """The member's participations go. Their proposals never made public (waiting or refused) are
    deleted with their pictures; published or cancelled events stay in the agenda, where others
    may have joined them, but no longer point to the member."""
    # The member's accompaniment requests go with their participations; their offers go too.
    AccompanimentOffer.objects.filter(helper=user).delete()
    # Their places (taken, or offered to them from a waiting list) go to the next in line.
    freed = list(
        Occurrence.objects.filter(
            Q(participations__user=user) | Q(waiting_list__user=user, waiting_list__status=OFFERED)
        ).distinct()
    )
    Participation.objects.filter(user=user).delete()
    WaitingListEntry.objects.filter(user=user).delete()
    for occurrence in freed:
        offer_next_place(occurrence=occurrence)
    hidden = Event.objects.filter(proposed_by=user).exclude(status__in=Event.PUBLIC_STATUSES)
    files = [name for event in hidden for name in (event.picture.name, event.thumbnail.name) if name]
    hidden.delete()
    # "Organisé par" is often the member's own first name: the events that stay no longer say it.
    names = _names_of(user)
    for event in Event.objects.filter(proposed_by=user).only("pk", "organiser_name"):
        if names & set(_words(event.organiser_name)):
            Event.objects.filter(pk=event.pk).update(organiser_name=FORMER_MEMBER, updated=timezone.now())
    # The number to call may be the member's own phone, and who welcomes may be the member: they
    # leave with the account (the event then shows its territory referent's number, if any).
    for event in Event.objects.filter(proposed_by=user).only("pk", "welcomer_name"):
        if names & set(_words(event.welcomer_name)):
            Event.objects.filter(pk=event.pk).update(welcomer_name="", welcomer_hint="")
    Event.objects.filter(proposed_by=user).update(
        proposed_by=None, phone_number="", phone_registration=False, updated=timezone.now()
    )
    content_stamp.bump("agenda")  # the updates above send no signal
    storage = Event._meta.get_field("picture").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in files])


def purge_expired_data(*, now):
    """People registered by a referent, to a date or to its waiting list,
    PHONE_REGISTRATION_RETENTION_DAYS after their date."""
    erased, _ = ProxyRegistration.objects.expired(now).delete()
    in_line, _ = WaitingListEntry.objects.expired(now).filter(user__isnull=True).delete()
    days = settings.PHONE_REGISTRATION_RETENTION_DAYS
    return {
        f"personnes inscrites par un référent à une date passée de plus de {days} jours": erased + in_line
    }
