"""What the account itself holds on a member: its fields, e-mail addresses, sign-up record,
suspensions and second factor (allauth.mfa), the admin's history about it and its sessions (the
e-mails waiting for it are the core's: tousvoisins.personal_data; the task queue holds only their
ids); and the identifications kept a year after closure. The interface is described in accounts.gdpr.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.utils import timezone

from .gdpr import admin_history_forget
from .models import RetainedIdentification, SignupRecord, Suspension

# The download's first part, named for the member rather than for the app.
EXPORT_KEY = "compte"
# Account fields never exported: the password hash is no information for its owner, and a risk.
NOT_EXPORTED = {"password"}


def export_user_data(user):
    fields = {
        field.attname: getattr(user, field.attname)
        for field in user._meta.concrete_fields
        if field.name not in NOT_EXPORTED
    }
    record = SignupRecord.objects.filter(user=user).first()
    return {
        "champs": fields,
        "groupes": list(user.groups.values_list("name", flat=True)),
        "adresses_e_mail": [
            {"adresse": address.email, "verifiee": address.verified, "principale": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "inscription": (
            {"adresse_e_mail": record.email, "adresse_ip": record.ip_address, "le": record.created}
            if record
            else None
        ),
        "suspensions": [
            {"motif": item.reason, "debut": item.starts_at, "fin": item.ends_at, "levee_le": item.lifted_at}
            for item in Suspension.objects.filter(user=user).order_by("starts_at")
        ],
        # That a second factor is set up, never its secret nor the recovery codes.
        "double_verification": [
            {"sorte": item.get_type_display(), "creee_le": item.created_at, "utilisee_le": item.last_used_at}
            for item in Authenticator.objects.filter(user=user).order_by("pk")
        ],
    }


def erase_user_data(user):
    """The sign-up record goes with the account row (accounts.gdpr kept what the law asks)."""
    Suspension.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    admin_history_forget(user._meta.model, user.pk)
    _delete_sessions(user)


def _delete_sessions(user):
    """Sessions stored in the database that belong to `user` (other browsers, phones)."""
    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        # Cache-held sessions die with the account: the user they name no longer exists.
        return
    from django.contrib.sessions.models import Session

    user_id = str(user.pk)
    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == user_id
    ]
    Session.objects.filter(pk__in=doomed).delete()


def purge_expired_data(*, now):
    deleted, _ = RetainedIdentification.objects.expired(now).delete()
    return {"identifications de comptes fermés depuis plus d'un an": deleted}
