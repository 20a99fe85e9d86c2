"""Every form of the project, found without a list: the form classes of every installed app that
lives in this repository (a new app is walked the day it is installed), and the forms the admin
builds for the models of those apps (their inlines too).

Used by the tests that hold every form to a rule (tests/core/test_single_line_fields.py).
"""

import importlib
import pkgutil
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory

ROOT = Path(settings.BASE_DIR).resolve()
SKIPPED_PARTS = {"migrations", "tests", "management", "settings", "wsgi", "asgi"}


def project_apps():
    """The installed apps whose code is in this repository (not a library, not the tests)."""
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(ROOT) and ".venv" not in path.parts and not config.name.startswith("tests"):
            found.append(config)
    return found


def _import_every_module(config):
    module = importlib.import_module(config.name)
    if not hasattr(module, "__path__"):
        return
    for info in pkgutil.walk_packages(module.__path__, prefix=f"{config.name}."):
        if SKIPPED_PARTS & set(info.name.split(".")):
            continue
        importlib.import_module(info.name)


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def form_classes():
    """{"module.Class": form class} for every form class defined in the project's apps."""
    configs = project_apps()
    for config in configs:
        _import_every_module(config)
    prefixes = tuple(f"{config.name}." for config in configs)
    return {
        f"{form.__module__}.{form.__qualname__}": form
        for form in set(_subclasses(forms.BaseForm))
        if form.__module__.startswith(prefixes) and "<locals>" not in form.__qualname__
    }


def admin_forms(user):
    """{"admin of model": form class} for every ModelAdmin of a project model, as `user` gets it."""
    request = RequestFactory().get("/admin/")
    request.user = user
    labels = {config.label for config in project_apps()}
    found = {}
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in labels:
            continue
        name = f"admin {model._meta.label}"
        found[name] = model_admin.get_form(request, None)
        for inline in model_admin.get_inline_instances(request, None):
            found[f"{name} inline {inline.model._meta.label}"] = inline.get_formset(request, None).form
    return found


def every_form(user):
    return {**form_classes(), **admin_forms(user)}
