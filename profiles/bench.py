"""Bench profiles: one per bench member, with tag sets shaped like a real membership.

Curated tags are popular (a Zipf law over their order, shuffled), free words make a long tail;
communes are drawn in proportion to their population, as members would be.
"""

from accounts.models import User
from tousvoisins.bench_scales import BENCH_PREFIX
from tousvoisins.models import Commune, Theme

from .models import InterestItem, Profile, SkillItem, Tag, WishItem
from .suggestions import SUGGESTED_LABELS

FIRST_NAMES = [
    "Martine", "Karim", "Léa", "Jean", "Aïcha", "Paul", "Inès", "Yves", "Sofia", "Marc", "Nadia", "Hugo",
    "Gwenaëlle", "Mamadou", "Chantal", "Loïc", "Fatou", "Bernard", "Maëlle", "Youssef",
]  # fmt: skip
FREE_WORDS = 3000
# (items model, fewest, most) tags per member
TAG_SETS = [(InterestItem, 0, 8), (SkillItem, 0, 4), (WishItem, 0, 4)]


def seed_bench(scale, rng):
    users = list(
        User.objects.filter(username__startswith=BENCH_PREFIX, profile__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not users:
        return "profils du banc d'essai déjà là"
    communes = list(Commune.objects.values_list("pk", "population"))
    commune_ids = [pk for pk, _ in communes]
    weights = [max(population or 1, 1) for _, population in communes]
    curated = list(SUGGESTED_LABELS)
    rng.shuffle(curated)
    tags = Tag.objects.for_labels(curated + [f"passion libre {number}" for number in range(FREE_WORDS)])
    curated_tags, free_tags = tags[: len(curated)], tags[len(curated) :]
    curated_weights = [1 / (rank + 1) ** 0.9 for rank in range(len(curated_tags))]
    free_weights = [1 / (rank + 1) ** 1.1 for rank in range(len(free_tags))]

    def pick(count):
        chosen = set()
        while len(chosen) < count:
            if rng.random() < 0.75:
                chosen.add(rng.choices(curated_tags, curated_weights)[0].pk)
            else:
                chosen.add(rng.choices(free_tags, free_weights)[0].pk)
        return chosen

    choices = [Profile.Visibility.MEMBERS, Profile.Visibility.PUBLIC, Profile.Visibility.HIDDEN]
    visibility = rng.choices(choices, [80, 10, 10], k=len(users))
    places = rng.choices(commune_ids, weights, k=len(users))
    profiles = Profile.objects.bulk_create(
        (
            Profile(
                user_id=user_id,
                display_name=rng.choice(FIRST_NAMES),
                commune_id=None if rng.random() < 0.1 else places[index],
                visibility=visibility[index],
                open_to_contact=rng.random() < 0.9,
            )
            for index, user_id in enumerate(users)
        ),
        batch_size=5000,
    )
    items = 0
    for model, fewest, most in TAG_SETS:
        rows = [
            model(content_object_id=profile.pk, tag_id=tag_id)
            for profile in profiles
            for tag_id in pick(rng.randint(fewest, most))
        ]
        model.objects.bulk_create(rows, batch_size=5000)
        items += len(rows)
    theme_ids = list(Theme.objects.values_list("pk", flat=True))
    follows = Profile.themes.through
    follows.objects.bulk_create(
        (
            follows(profile_id=profile.pk, theme_id=theme_id)
            for profile in profiles
            for theme_id in rng.sample(theme_ids, rng.randint(0, 3))
        ),
        batch_size=5000,
    )
    return f"{len(profiles)} profils ajoutés, {items} centres d'intérêt, savoirs et envies"
