"""A member's rights over their data: download everything, close the account, and nothing kept
longer than the site promises.

Each app that holds personal data says so with a `<app>/personal_data.py` module. This module
finds them through Django's app registry, the way `seed_demo` finds the `demo.py` modules, and
never imports a tab: a new app only has to add its own module, with

- `export_user_data(user)`: its part of "Télécharger mes données", json-serialisable, French keys,
  under the app's label (or the module's EXPORT_KEY);
- `erase_user_data(user)`: what closing the account does to its data. Delete it, or detach it
  when it must outlive its author (forum posts stay, signed "ancien membre"). The modules run in
  INSTALLED_APPS order, before the account row goes, in one transaction;
- optionally `create_user_data(user)`: what a new account starts with (profiles: the profile);
- optionally `purge_expired_data(*, now)`: erase what is kept past its time and return
  {what, in French: how many}; `manage.py purge_expired_personal_data` runs them every day.

Closing an account keeps one thing: the identification data French hosting law asks for
(décret n° 2021-1362: e-mail, sign-up date and IP address, for one year after closure), in
RetainedIdentification, which only moderators can read and which goes after the year.
"""

import json
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .models import RetainedIdentification, SignupRecord

FORMER_MEMBER = "ancien membre"
# Messages written through the site's forms (to the moderation, to a referent) are erased after
# a year, as the personal data page promises.
MESSAGES_RETENTION = timedelta(days=365)


def personal_data_modules():
    """(export key, module) of every installed app with a personal_data module, in INSTALLED_APPS order."""
    modules = []
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.personal_data"
        try:
            module = import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        modules.append((getattr(module, "EXPORT_KEY", app_config.label), module))
    return modules


def admin_history_forget(model, object_id):
    """The admin's history keeps what moderators did to the member's rows, not who the member was."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=str(object_id)
    ).update(object_repr=FORMER_MEMBER, change_message="")


# Sign-up -----------------------------------------------------------------------------------------


def account_signed_up(*, user, ip_address):
    """A new account: the identification data hosting law asks to keep, and what each app starts
    it with (its profile)."""
    SignupRecord.objects.get_or_create(user=user, defaults={"email": user.email, "ip_address": ip_address})
    for _key, module in personal_data_modules():
        if hasattr(module, "create_user_data"):
            module.create_user_data(user)


# Export ------------------------------------------------------------------------------------------


def export_data(user, *, now=None):
    """Everything the site holds on `user`, as a dict ready for JSON."""
    data = {"site": "Tous voisins 44", "genere_le": now or timezone.now()}
    for key, module in personal_data_modules():
        data[key] = module.export_user_data(user)
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


@transaction.atomic
def account_close(user, *, logout=None, now=None):
    """Close `user`'s account for good: keep the legal identification, erase the rest, log out, delete.

    `logout` (called before the account row goes) ends the current session of the request.
    """
    now = now or timezone.now()
    retained = _retain_identification(user, now)
    for _key, module in personal_data_modules():
        module.erase_user_data(user)
    if logout is not None:
        logout()
    user.delete()
    return retained


# Retention ---------------------------------------------------------------------------------------


def purge_expired_personal_data(*, now=None):
    """Each app erases what it keeps past its time; {what, in French: how many}, app by app."""
    now = now or timezone.now()
    erased = {}
    for _key, module in personal_data_modules():
        if hasattr(module, "purge_expired_data"):
            erased.update(module.purge_expired_data(now=now))
    return erased
