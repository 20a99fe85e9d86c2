"""The agenda's big buttons on the admin home of a referent or a moderator
(tousvoisins.admin_index.home_buttons finds this module through the app registry).

Each count is the row count of the admin list the button opens, so the two always agree: the
admin's own get_queryset() does the scoping (accounts.scoping).
"""

from django.contrib import admin
from django.urls import reverse

from accounts.scoping import sees_everything
from tousvoisins.admin_index import HomeButton
from tousvoisins.models import Intercommunalite

from .models import Participation, ProposedEvent

COMING_DAYS = 7


def _plural(count, singular, plural):
    return f"{count} {singular if count == 1 else plural}"


def home_buttons(request):
    user = request.user
    if not (sees_everything(user) or user.is_referent):
        return []
    proposals = admin.site.get_model_admin(ProposedEvent).get_queryset(request).count()
    coming = admin.site.get_model_admin(Participation).get_queryset(request).within_days(COMING_DAYS).count()
    return [
        HomeButton(
            label=_plural(proposals, "proposition à relire", "propositions à relire"),
            url=reverse("admin:events_proposedevent_changelist"),
            help="Les rencontres proposées par les habitants, qui attendent votre réponse.",
            count=proposals,
        ),
        HomeButton(
            label="Inscrire quelqu'un par téléphone",
            url=reverse("admin:events_proxyregistration_add"),
            help="Pour une personne sans ordinateur : choisissez la date, puis inscrivez-la.",
        ),
        HomeButton(
            label="Imprimer le programme",
            url="",
            help="Le programme des quatre prochaines semaines, à afficher en mairie ou au centre social.",
            links=_print_links(user),
        ),
        HomeButton(
            label="Qui vient à mes rencontres",
            url=reverse("admin:events_participation_changelist") + f"?quand={COMING_DAYS}-jours",
            help=_plural(coming, "personne inscrite", "personnes inscrites")
            + f" dans les {COMING_DAYS} prochains jours.",
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
