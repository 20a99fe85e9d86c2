from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactMessage(models.Model):
    class Subject(models.TextChoices):
        QUESTION = "question", _("Poser une question")
        VOLUNTEER = "benevole", _("Devenir référent bénévole")
        PROBLEM = "probleme", _("Signaler un problème sur le site")
        ACCESSIBILITY = "accessibilite", _("Signaler un problème d'accessibilité")
        CONTENT = "contenu", _("Signaler un contenu ou un comportement")
        OTHER = "autre", _("Autre chose")

    subject = models.CharField(_("sujet"), max_length=20, choices=Subject.choices)
    name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("adresse e-mail pour vous répondre"))
    message = models.TextField(_("message"), max_length=5000)
    page_url = models.CharField(_("page concernée"), max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("compte")
    )
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True)
    handled = models.BooleanField(_("traité"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message de contact")
        verbose_name_plural = _("messages de contact")

    def __str__(self):
        return f"{self.get_subject_display()} — {self.name}"
