"""The agenda's big buttons on the admin home of a referent or a moderator
(tousvoisins.admin_index.home_buttons finds this module through the app registry).

Each count is the row count of the admin list the button opens, so the two always agree: the
admin's own get_queryset() does the scoping (accounts.scoping).
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from accounts.scoping import sees_everything
from tousvoisins.admin_index import HomeButton
from tousvoisins.models import Intercommunalite

from .models import Participation, ProposedEvent

COMING_DAYS = 7


def home_buttons(request):
    user = request.user
    if not (sees_everything(user) or user.is_referent):
        return []
    proposals = admin.site.get_model_admin(ProposedEvent).get_queryset(request).count()
    coming = admin.site.get_model_admin(Participation).get_queryset(request).within_days(COMING_DAYS).count()
    return [
        HomeButton(
            label=ngettext("%(count)s proposition à relire", "%(count)s propositions à relire", proposals)
            % {"count": proposals},
            url=reverse("admin:events_proposedevent_changelist"),
            help=gettext("Les rencontres proposées par les habitants, qui attendent votre réponse."),
            count=proposals,
        ),
        HomeButton(
            label=gettext("Inscrire quelqu'un par téléphone"),
            url=reverse("admin:events_proxyregistration_add"),
            help=gettext("Pour une personne sans ordinateur : choisissez la date, puis inscrivez-la."),
        ),
        HomeButton(
            label=gettext("Imprimer le programme"),
            url="",
            help=gettext(
                "Le programme des quatre prochaines semaines, à afficher en mairie ou au centre social."
            ),
            links=_print_links(user),
        ),
        HomeButton(
            label=gettext("Qui vient à mes rencontres"),
            url=reverse("admin:events_participation_changelist") + f"?quand={COMING_DAYS}-jours",
            help=ngettext(
                "%(count)s personne inscrite dans les %(days)s prochains jours.",
                "%(count)s personnes inscrites dans les %(days)s prochains jours.",
                coming,
            )
            % {"count": coming, "days": COMING_DAYS},
            count=coming,
        ),
    ]


def _print_links(user):
    """One link per intercommunalité of a territory referent; every one for the others (their
    thèmes or the moderation cover the whole département)."""
    territories = Intercommunalite.objects.only("siren", "short_name").order_by("short_name")
    mine = [] if sees_everything(user) else list(territories.filter(scope__user=user))
    return [
        (territory.short_name, reverse("events:print", args=[territory.siren]))
        for territory in mine or territories
    ]
