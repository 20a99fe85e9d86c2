"""A member's rights over their data: download everything, close the account.

Each installed app may hold personal data; it says so with a `<app>/personal_data.py` module
having `export_user_data(user)` and `erase_user_data(user)` (profiles/personal_data.py is the
model). This module finds them the way `seed_demo` finds the `demo.py` modules, so a new app
only has to add its own. An app whose content must outlive its author — forum posts, signed
"ancien membre" — detaches it in its erase_user_data (author set to None and the signature
shown as "ancien membre") instead of deleting it.

What belongs to the account itself (accounts.User, allauth's e-mail addresses, suspensions,
messages sent through the contact form, sessions, the admin's history about the member) is
handled here, as those apps predate this mechanism.

Closing an account keeps one thing: the identification data French hosting law asks for
(décret n° 2021-1362: e-mail, sign-up date and IP address, for one year after closure), in
RetainedIdentification, which only moderators can read and purge_retained_identifications
empties after the year.
"""

import json
from datetime import timedelta
from importlib import import_module

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .models import Profile, RetainedIdentification, SignupRecord

FORMER_MEMBER = "ancien membre"
MESSAGES_RETENTION = timedelta(days=365)
# Account fields never exported: the password hash is no information for its owner, and a risk.
NOT_EXPORTED = {"password"}


def personal_data_modules():
    """(app label, module) of every installed app with a personal_data module, in INSTALLED_APPS order."""
    modules = []
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.personal_data"
        try:
            modules.append((app_config.label, import_module(name)))
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
    return modules


# Export ------------------------------------------------------------------------------------------


def _account_data(user):
    from accounts.models import Suspension
    from pages.models import ContactMessage

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
        "messages_au_site": [
            {
                "sujet": item.get_subject_display(),
                "nom": item.name,
                "adresse": item.email,
                "message": item.message,
                "le": item.created_at,
            }
            for item in ContactMessage.objects.filter(user=user).order_by("created_at")
        ],
    }


def export_data(user, *, now=None):
    """Everything the site holds on `user`, as a dict ready for JSON."""
    data = {
        "site": "Tous voisins 44",
        "genere_le": now or timezone.now(),
        "compte": _account_data(user),
    }
    for label, module in personal_data_modules():
        data[label] = module.export_user_data(user)
    return data


def export_json(user, *, now=None):
    return json.dumps(export_data(user, now=now), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


# Closing an account ------------------------------------------------------------------------------


def _retain_identification(user, now):
    record = SignupRecord.objects.filter(user=user).first()
    return RetainedIdentification.objects.create(
        email=user.email,
        signup_email=record.email if record else user.email,
        signed_up_at=record.created if record else user.date_joined,
        signup_ip_address=record.ip_address if record else None,
        closed_at=now,
    )


def _erase_account_traces(user):
    from accounts.models import Suspension
    from pages.models import ContactMessage

    _delete_queued_emails(user)  # before the addresses go: it looks for them all
    ContactMessage.objects.filter(user=user).delete()
    Suspension.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    # The admin's history keeps what moderators did, not who the member was.
    for model in (user._meta.model, Profile):
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=str(user.pk)
        ).update(object_repr=FORMER_MEMBER, change_message="")
    _delete_sessions(user)


def _delete_queued_emails(user):
    """E-mails to or from the member kept by the database task queue (waiting, or sent and kept
    for a week until prune_db_task_results): their address and the text must not outlive the account."""
    from django.db.models import Q
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

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


@transaction.atomic
def account_close(user, *, logout=None, now=None):
    """Close `user`'s account for good: keep the legal identification, erase the rest, log out, delete.

    `logout` (called before the account row goes) ends the current session of the request.
    """
    now = now or timezone.now()
    retained = _retain_identification(user, now)
    for _label, module in personal_data_modules():
        module.erase_user_data(user)
    _erase_account_traces(user)
    if logout is not None:
        logout()
    user.delete()
    return retained


def purge_old_messages(*, now=None):
    """Delete the messages written through the site's forms (to the moderation, to a referent)
    more than a year ago, as the personal data page promises; how many."""
    from pages.models import ContactMessage
    from referents.models import ReferentMessage

    limit = (now or timezone.now()) - MESSAGES_RETENTION
    contact, _ = ContactMessage.objects.filter(created_at__lte=limit).delete()
    referent, _ = ReferentMessage.objects.filter(created__lte=limit).delete()
    return contact + referent
