"""What the core holds about a member: the e-mails to or from their address that did not leave
(UnsentEmail). The interface is described in accounts.gdpr."""

from datetime import timedelta

from django.db.models import Q

from .models import UnsentEmail

EXPORT_KEY = "courrier"
# Long enough for the moderators to see them and send them again; then they go.
UNSENT_EMAILS_RETENTION = timedelta(days=90)


def _of(user):
    return (
        UnsentEmail.objects.filter(Q(addresses__contains=[user.email]))
        if user.email
        else UnsentEmail.objects.none()
    )


def export_user_data(user):
    return {
        "e_mails_non_partis": [
            {
                "objet": email.subject,
                "adresses": email.addresses,
                "le": email.created_at,
                "erreur": email.error,
            }
            for email in _of(user)
        ]
    }


def erase_user_data(user):
    _of(user).delete()


def purge_expired_data(*, now):
    deleted, _ = UnsentEmail.objects.filter(created_at__lte=now - UNSENT_EMAILS_RETENTION).delete()
    return {"e-mails non partis de plus de 90 jours": deleted}
