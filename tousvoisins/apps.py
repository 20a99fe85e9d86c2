from django.apps import AppConfig


class TousVoisinsConfig(AppConfig):
    name = "tousvoisins"
    verbose_name = "Territoire et thèmes"

    def ready(self):
        from . import content_stamp, languages

        content_stamp.connect()
        languages.connect()
