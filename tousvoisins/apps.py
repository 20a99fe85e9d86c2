from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TousVoisinsConfig(AppConfig):
    name = "tousvoisins"
    verbose_name = _("Territoire et thèmes")

    def ready(self):
        from . import content_stamp, languages

        content_stamp.connect()
        languages.connect()
