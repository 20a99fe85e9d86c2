"""Bench coups de pouce: one for ten bench members (2,000 on M), by bench members, across the
territory, written in bulk. Most are open; some are done (a few with thanks), some past their last
day, a few hidden, as on a living board. A second run counts them and only tops up.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from profiles.models import Tag
from tousvoisins.bench_scales import BENCH_PREFIX
from tousvoisins.models import Commune, Theme

from .models import Help

PER_MEMBERS = 10
SAMPLES = [
    # (kind, thème, text, word)
    (Help.Kind.ASK, "emploi", "Je cherche quelqu'un pour relire mon CV.", "écrire un CV"),
    (Help.Kind.ASK, "emploi", "Qui m'aide à préparer un entretien ?", "entretien d'embauche"),
    (Help.Kind.OFFER, "emploi", "Je fais découvrir mon métier une demi-journée.", "découvrir un métier"),
    (Help.Kind.ASK, "solidarite", "Qui m'aide à remplir un dossier en ligne ?", "démarches en ligne"),
    (Help.Kind.OFFER, "solidarite", "Conversations pour apprendre le français.", "français pour débutants"),
    (Help.Kind.OFFER, "logement", "Je propose un coup de main pour un petit bricolage.", "bricolage"),
    (Help.Kind.ASK, "mobilite", "Je cherche un covoiturage le matin vers la ville.", "covoiturage"),
]


def seed_bench(scale, rng):
    wanted = scale.members // PER_MEMBERS
    existing = Help.objects.filter(author__username__startswith=BENCH_PREFIX).count()
    if existing >= wanted:
        return f"{existing} coups de pouce du banc d'essai, déjà là"
    members = list(User.objects.filter(username__startswith=BENCH_PREFIX).values_list("pk", flat=True))
    if not members:
        return "pas de membres : rien à publier"
    communes = list(Commune.objects.values_list("pk", "intercommunalite_id"))
    themes = dict(Theme.objects.values_list("slug", "pk"))
    tags = {tag.name: tag.pk for tag in Tag.objects.for_labels([sample[3] for sample in SAMPLES])}
    now, today = timezone.now(), timezone.localdate()
    helps, words = [], []
    for _ in range(wanted - existing):
        kind, theme, text, word = rng.choice(SAMPLES)
        commune_id, territory_id = rng.choice(communes)
        age = rng.randint(0, 120)
        state = rng.random()
        helps.append(
            Help(
                kind=kind,
                text=text,
                theme_id=themes[theme],
                commune_id=commune_id if state < 0.8 else None,
                intercommunalite_id=territory_id,
                until=today - timedelta(days=age) + timedelta(days=rng.randint(7, 90)),
                author_id=rng.choice(members),
                status=Help.Status.DONE if state > 0.85 else Help.Status.OPEN,
                done_at=now if state > 0.85 else None,
                thanks="Merci beaucoup pour votre aide !" if state > 0.95 else "",
                created=now - timedelta(days=age, minutes=rng.randint(0, 1440)),
                hidden=rng.random() < 0.01,
            )
        )
        words.append(tags[word])
    helps = Help.objects.bulk_create(helps, batch_size=5000)
    Help.tags.through.objects.bulk_create(
        (
            Help.tags.through(help_id=help.pk, tag_id=tag_id)
            for help, tag_id in zip(helps, words, strict=True)
        ),
        batch_size=5000,
    )
    return f"{len(helps)} coups de pouce ajoutés ({wanted} en tout)"
