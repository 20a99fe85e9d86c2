"""Bench referents: one territory referent per intercommunalité, the others thematic, each with a
permanence. Few enough to go through referent_save (groups and scope kept right)."""

from datetime import time

from django.contrib.auth.hashers import make_password

from accounts.bench import BENCH_PASSWORD
from accounts.models import User
from tousvoisins import french
from tousvoisins.bench_scales import BENCH_EMAIL_DOMAIN
from tousvoisins.models import Commune, Intercommunalite, Theme

from .models import Permanence, Referent
from .services import referent_save

USERNAME = "referent-banc-{:04d}"
PLACES = ["Médiathèque", "Mairie", "Centre social", "Espace France services", "Maison des associations"]


def seed_bench(scale, rng):
    existing = Referent.objects.filter(user__username__startswith="referent-banc-").count()
    if existing >= scale.referents:
        return f"{existing} référents du banc d'essai, déjà là"
    password = make_password(BENCH_PASSWORD)
    territories = list(Intercommunalite.objects.order_by("siren"))
    themes = list(Theme.objects.all())
    communes = list(Commune.objects.only("pk", "intercommunalite_id", "centre", "name"))
    by_territory = {}
    for commune in communes:
        by_territory.setdefault(commune.intercommunalite_id, []).append(commune)
    for number in range(existing, scale.referents):
        username = USERNAME.format(number)
        user = User.objects.create(
            username=username, email=f"{username}@{BENCH_EMAIL_DOMAIN}", password=password, is_staff=True
        )
        territorial = number < len(territories)
        territory = territories[number] if territorial else rng.choice(territories)
        referent = Referent(
            user=user,
            public_name=f"Référent {number + 1} (banc d'essai)",
            kind=Referent.Kind.TERRITORY if territorial else Referent.Kind.THEMATIC,
            structure="Association du banc d'essai",
            structure_kind=Referent.StructureKind.ASSOCIATION,
            presentation="Fiche du banc d'essai : cette personne n'existe pas.",
        )
        referent_save(
            referent=referent,
            themes=[] if territorial else rng.sample(themes, rng.randint(1, 2)),
            territories=[territory] if territorial else [],
        )
        commune = rng.choice(by_territory[territory.pk])
        morning = rng.random() < 0.5
        Permanence.objects.create(
            referent=referent,
            commune=commune,
            point=commune.centre,
            place_name=f"{rng.choice(PLACES)} {french.de(commune.name)}",
            weekday=rng.randint(1, 5),
            start_time=time(9 if morning else 14),
            end_time=time(12 if morning else 17),
        )
    return f"{scale.referents - existing} référents ajoutés ({scale.referents} en tout)"
