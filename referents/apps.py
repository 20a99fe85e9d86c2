from django.apps import AppConfig


class ReferentsConfig(AppConfig):
    name = "referents"
    verbose_name = "Référents"

    def ready(self):
        from tousvoisins.signals import territory_loaded

        from . import maps

        territory_loaded.connect(maps.on_territory_loaded, dispatch_uid="referents-shapes")
