"""The referents' button offering the second factor: shown on the admin home while they have none.

Moderators need no button: they cannot reach the admin home without it
(accounts.middleware.ModeratorSecondFactorMiddleware)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from tousvoisins.admin_index import HomeButton

from .second_factor import has_second_factor


def home_buttons(request):
    user = request.user
    if user.is_moderator or not user.is_referent or has_second_factor(user):
        return []
    return [
        HomeButton(
            label=_("Protéger mon compte par une double vérification"),
            url=reverse("mfa_index"),
            help=_(
                "Conseillé : en plus du mot de passe, un code montré par une application sur votre "
                "téléphone. Personne ne peut entrer avec votre seul mot de passe."
            ),
        )
    ]
