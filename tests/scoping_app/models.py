from django.conf import settings
from django.db import models


class Activity(models.Model):
    """Shaped like an event: thèmes, and a commune whose intercommunalité places it."""

    title = models.CharField("titre", max_length=100)
    themes = models.ManyToManyField("tousvoisins.Theme", blank=True, verbose_name="thèmes")
    commune = models.ForeignKey("tousvoisins.Commune", on_delete=models.PROTECT, verbose_name="commune")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["title"]
        verbose_name = "activité"
        verbose_name_plural = "activités"

    def __str__(self):
        return self.title
