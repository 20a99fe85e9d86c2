from django.apps import AppConfig


class HelpboardConfig(AppConfig):
    name = "helpboard"
    verbose_name = "Coups de pouce"
