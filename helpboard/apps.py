from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpboardConfig(AppConfig):
    name = "helpboard"
    verbose_name = _("Coups de pouce")
