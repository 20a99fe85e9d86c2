"""What this app holds about a person, for "Télécharger mes données" and "Supprimer mon compte",
and the messages to referents erased after a year. The interface is described in accounts.gdpr.
"""

from django.db import transaction

from accounts.gdpr import MESSAGES_RETENTION

from .models import Referent, ReferentMessage
from .services import referent_delete


def export_user_data(user):
    messages = ReferentMessage.objects.filter(sender=user).select_related("referent").order_by("created")
    referent = Referent.objects.filter(user=user).prefetch_related("permanences__commune").first()
    return {
        "messages_aux_referents": [
            {
                "referent": message.referent.public_name,
                "date": message.created.isoformat(),
                "nom_donne": message.name,
                "adresse_pour_repondre": message.email,
                "message": message.message,
            }
            for message in messages
        ],
        "fiche_de_referent": _referent_data(referent) if referent else None,
    }


def _referent_data(referent):
    return {
        "nom_affiche": referent.public_name,
        "role": referent.role_in_words,
        "suit": referent.area_in_words,
        "structure": referent.structure,
        "type_de_structure": referent.get_structure_kind_display(),
        "presentation": referent.presentation,
        "telephone_de_la_structure": referent.phone,
        "quand_appeler": referent.phone_hours,
        "photo": bool(referent.photo),
        "actif": referent.is_active,
        "permanences": [
            f"{permanence.when_in_words}, {permanence.place_name}, {permanence.commune.name}"
            for permanence in referent.permanences.all()
        ],
        "messages_recus": referent.messages.count(),
    }


@transaction.atomic
def erase_user_data(user):
    """Delete the messages this person sent and their referent card (with its photo, its
    permanences and the messages received there: they were written to this person only)."""
    ReferentMessage.objects.filter(sender=user).delete()
    referent = Referent.objects.filter(user=user).select_related("user").first()
    if referent is not None:
        referent_delete(referent)


def purge_expired_data(*, now):
    deleted, _ = ReferentMessage.objects.filter(created__lte=now - MESSAGES_RETENTION).delete()
    return {"messages aux référents reçus il y a plus d'un an": deleted}
