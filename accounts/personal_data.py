"""What the account itself holds on a member: its fields, e-mail addresses, sign-up record,
suspensions and second factor (allauth.mfa), the admin's history about it, its sessions and the
e-mails waiting for it; and the identifications kept a year after closure. The interface is
described in accounts.gdpr.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

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
    _delete_queued_emails(user)  # before the addresses go: it looks for them all
    Suspension.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    admin_history_forget(user._meta.model, user.pk)
    _delete_sessions(user)


def _delete_queued_emails(user):
    """E-mails to or from the member kept by the database task queue (waiting, or sent and kept
    for a week until prune_db_task_results): their address and the text must not outlive the account."""
    addresses = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)} - {""}
    mentioning = Q()
    for address in addresses:
        mentioning |= Q(args_kwargs__kwargs__to__contains=[address])
        mentioning |= Q(args_kwargs__kwargs__reply_to__contains=[address])
    if mentioning:
        # One being sent right now is left to the worker, which updates it when done.
        DBTaskResult.objects.filter(task_path="tousvoisins.mail.send_email").filter(mentioning).exclude(
            status=TaskResultStatus.RUNNING
        ).delete()


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
