from django.conf import settings
from django.db import models


class ContactMessage(models.Model):
    class Subject(models.TextChoices):
        QUESTION = "question", "Poser une question"
        VOLUNTEER = "benevole", "Devenir référent bénévole"
        PROBLEM = "probleme", "Signaler un problème sur le site"
        ACCESSIBILITY = "accessibilite", "Signaler un problème d'accessibilité"
        CONTENT = "contenu", "Signaler un contenu ou un comportement"
        OTHER = "autre", "Autre chose"

    subject = models.CharField("sujet", max_length=20, choices=Subject.choices)
    name = models.CharField("nom", max_length=100)
    email = models.EmailField("adresse e-mail pour vous répondre")
    message = models.TextField("message", max_length=5000)
    page_url = models.CharField("page concernée", max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="compte"
    )
    created_at = models.DateTimeField("reçu le", auto_now_add=True)
    handled = models.BooleanField("traité", default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "message de contact"
        verbose_name_plural = "messages de contact"

    def __str__(self):
        return f"{self.get_subject_display()} — {self.name}"
