"""Demo accounts, all with the password DEMO_PASSWORD (README, "Comptes de démonstration")."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.charter import CHARTER_VERSION
from tousvoisins.models import Intercommunalite, Theme

from .models import MODERATION, TERRITORY_REFERENTS, THEMATIC_REFERENTS, Scope, User

DEMO_PASSWORD = "voisins-demo-44"

ACCOUNTS = [
    # username, e-mail, group, themes, intercommunalités (SIREN)
    ("moderation", "moderation@exemple.tousvoisins44.fr", MODERATION, [], []),
    ("claire-nantes", "claire@exemple.tousvoisins44.fr", TERRITORY_REFERENTS, [], ["244400404"]),
    ("yann-cap", "yann@exemple.tousvoisins44.fr", TERRITORY_REFERENTS, [], ["244400610"]),
    ("sophie-emploi", "sophie@exemple.tousvoisins44.fr", THEMATIC_REFERENTS, ["emploi"], []),
    ("martine", "martine@exemple.tousvoisins44.fr", None, [], []),
]


def seed_demo():
    for username, email, group_name, theme_slugs, sirens in ACCOUNTS:
        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = group_name is not None
            user.charter_version = CHARTER_VERSION
            user.charter_accepted_at = timezone.now()
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        if theme_slugs or sirens:
            scope, _ = Scope.objects.get_or_create(user=user)
            scope.themes.set(Theme.objects.filter(slug__in=theme_slugs))
            scope.intercommunalites.set(Intercommunalite.objects.filter(siren__in=sirens))
    return f"{len(ACCOUNTS)} comptes de démonstration (mot de passe : {DEMO_PASSWORD})"
