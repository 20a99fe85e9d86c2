from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "Profils et messages"

    def ready(self):
        from . import cards, unread

        cards.connect()
        unread.connect()
