"""The admin home of referents and moderators: the things they do most, as large buttons with
counts, first; Django's list of models below.

Each tab may offer buttons from an `admin_home.py` module with `home_buttons(request)`, found
through the app registry (the core imports no tab).
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.contrib import admin


@dataclass(frozen=True)
class HomeButton:
    label: str  # "3 propositions à relire"
    url: str  # where the button leads; empty when it offers `links` instead
    help: str = ""  # one plain sentence under the label
    count: int | None = None
    links: list = field(default_factory=list)  # (text, url) when one button has several targets


def home_button_modules():
    modules = []
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.admin_home"
        try:
            modules.append(import_module(name))
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
    return modules


def home_buttons(request):
    return [button for module in home_button_modules() for button in module.home_buttons(request)]


def admin_index(request):
    """Django's admin index, with the buttons first (templates/admin/index.html)."""
    return admin.site.index(request, extra_context={"home_buttons": home_buttons(request)})
