"""What the pages hold about a member: the messages written through "Nous écrire". The interface
is described in accounts.gdpr."""

from accounts.gdpr import MESSAGES_RETENTION

from .models import ContactMessage


def export_user_data(user):
    return {
        "messages_au_site": [
            {
                "sujet": item.get_subject_display(),
                "nom": item.name,
                "adresse": item.email,
                "message": item.message,
                "le": item.created_at,
            }
            for item in ContactMessage.objects.filter(user=user).order_by("created_at")
        ]
    }


def erase_user_data(user):
    ContactMessage.objects.filter(user=user).delete()


def purge_expired_data(*, now):
    deleted, _ = ContactMessage.objects.filter(created_at__lte=now - MESSAGES_RETENTION).delete()
    return {"messages « Nous écrire » reçus il y a plus d'un an": deleted}
