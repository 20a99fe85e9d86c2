from django.apps import AppConfig


class TousVoisinsConfig(AppConfig):
    name = "tousvoisins"
    verbose_name = "Territoire et thèmes"
