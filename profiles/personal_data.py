"""What the profiles app holds on a member: the profile made at sign-up, and its part of
"Télécharger mes données" and "Supprimer mon compte". The interface is described in accounts.gdpr.
"""

from functools import partial

from django.db import transaction
from django.db.models import Q

from accounts.gdpr import admin_history_forget
from accounts.models import Block

from .models import Conversation, Message, Profile, Report, SentNotification, Tag, display_name_for
from .services import delete_file_on_commit


def create_user_data(user):
    Profile.objects.get_or_create(user=user, defaults={"display_name": display_name_for(user)})


def _tag_names(profile, manager):
    return [tag.name for tag in getattr(profile, manager).order_by("name")]


def _profile_data(profile):
    return {
        "nom_affiche": profile.display_name,
        "commune": profile.commune.name if profile.commune_id else None,
        "presentation": profile.presentation,
        "centres_d_interet": _tag_names(profile, "interests"),
        "savoirs_a_partager": _tag_names(profile, "skills"),
        "envies_d_apprendre": _tag_names(profile, "wishes"),
        "themes_suivis": list(profile.themes.order_by("position").values_list("name", flat=True)),
        "photo": profile.photo.name or None,
        "visibilite": profile.get_visibility_display(),
        "accepte_les_messages": profile.open_to_contact,
        "e_mails": {
            "lettre_de_la_semaine": profile.weekly_digest,
            "avis_de_nouveaux_messages": profile.message_notifications,
            "avis_de_reponses_forum": profile.reply_notifications,
            "rappel_des_rencontres": profile.event_reminders,
            "messages_des_communautes": profile.community_messages,
        },
        "cree_le": profile.created,
        "modifie_le": profile.updated,
    }


def _name(user):
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else user.username


def export_user_data(user):
    profile = Profile.objects.select_related("commune").filter(pk=user.pk).first()
    sent = Message.objects.filter(sender=user).select_related("recipient__profile").order_by("created", "pk")
    blocks = Block.objects.filter(blocker=user).select_related("blocked__profile")
    reports = Report.objects.filter(reporter=user).select_related("reported_user__profile")
    return {
        "profil": _profile_data(profile) if profile else None,
        "messages_envoyes": [
            {
                "conversation": message.conversation_id,
                "a": _name(message.recipient),
                "envoye_le": message.created,
                "lu_le": message.read_at,
                "texte": message.body,
            }
            for message in sent
        ],
        "conversations": list(
            Conversation.objects.for_user(user).order_by("created").values_list("pk", flat=True)
        ),
        "membres_bloques": [{"membre": _name(block.blocked), "le": block.created} for block in blocks],
        "signalements_faits": [
            {
                "membre_signale": _name(report.reported_user),
                "message": report.message_id,
                "raison": report.get_reason_display(),
                "precisions": report.details,
                "le": report.created,
                "etat": report.get_status_display(),
            }
            for report in reports
        ],
        "e_mails_envoyes": [
            {"e_mail": item.get_kind_display(), "pour": item.key, "le": item.sent_at}
            for item in SentNotification.objects.filter(user=user).order_by("sent_at")
        ],
    }


def erase_user_data(user):
    """The profile and its photo file, every conversation of the member (both sides), blocks, reports."""
    profile = Profile.objects.filter(pk=user.pk).first()
    # The words the member wrote go too once no one else uses them: after the commit, when their
    # coups de pouce (the helpboard's part, erased after this one) are gone as well.
    transaction.on_commit(partial(erase_unused_tags, _tag_ids_of(user)), robust=True)
    if profile is not None:
        if profile.photo:
            delete_file_on_commit(profile.photo.storage, profile.photo.name)
        profile.delete()  # its tags and thèmes go with it
    # Reports about the member's messages go with the messages, reports they made or received too.
    Report.objects.filter(Q(reporter=user) | Q(reported_user=user)).delete()
    Conversation.objects.for_user(user).delete()
    Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()
    SentNotification.objects.filter(user=user).delete()
    admin_history_forget(Profile, user.pk)  # a profile's key is its user's


def _tag_ids_of(user):
    """The words of the member's profile and of their coups de pouce."""
    uses = Q(helps__author=user)
    for items in ("interest_items", "skill_items", "wish_items"):
        uses |= Q(**{f"{items}__content_object_id": user.pk})
    return set(Tag.objects.filter(uses).values_list("pk", flat=True))


def erase_unused_tags(tag_ids):
    """Delete the free words among `tag_ids` that nothing uses any more."""
    return Tag.objects.filter(pk__in=tag_ids).free().unused().delete()[0]
