"""The moderators' button for e-mails that did not leave (tousvoisins.mail): shown on the admin
home only while there are some, so that none is silently lost."""

from django.urls import reverse
from django.utils.translation import gettext, ngettext

from .admin_index import HomeButton
from .models import UnsentEmail


def home_buttons(request):
    if not request.user.has_perm("tousvoisins.view_unsentemail"):
        return []
    count = UnsentEmail.objects.filter(resent_at=None).count()
    if not count:
        return []
    return [
        HomeButton(
            label=ngettext("%(count)s e-mail non parti", "%(count)s e-mails non partis", count)
            % {"count": count},
            url=reverse("admin:tousvoisins_unsentemail_changelist") + "?resent_at__isempty=1",
            help=gettext(
                "Le serveur d'e-mails les a refusés plusieurs fois. "
                "Lisez pourquoi, puis envoyez-les à nouveau."
            ),
            count=count,
        )
    ]
