from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Comptes et rôles")

    def ready(self):
        from . import (
            second_factor,  # noqa: F401 (connects its signal receiver)
            suspensions,
        )

        suspensions.connect()
