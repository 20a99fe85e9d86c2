"""Bench news: `scale.news` items across thèmes and territories over the past year, a few drafts.

Bulk-inserted (slugs made here, recognisable by their prefix) so that M's 1,000 items take a moment.
"""

from datetime import timedelta

from django.utils import timezone

from tousvoisins.models import Intercommunalite, Theme

from .models import TEAM_SIGNATURE, NewsItem

SLUG = "banc-actualite-{:05d}"
BODY = (
    "Actualité du **banc d'essai** : elle n'a pas eu lieu.\n\n"
    "- un premier point ;\n- un second point.\n\nUn dernier paragraphe pour donner du poids au texte."
)


def seed_bench(scale, rng):
    existing = NewsItem.objects.filter(slug__startswith="banc-actualite-").count()
    if existing >= scale.news:
        return f"{existing} actualités du banc d'essai, déjà là"
    themes = list(Theme.objects.all())
    # One item in four is for the whole département.
    territories = [*Intercommunalite.objects.only("pk"), None, None, None, None, None]
    now = timezone.now()
    items = NewsItem.objects.bulk_create(
        [
            NewsItem(
                title=f"Actualité {number + 1} du banc d'essai",
                slug=SLUG.format(number),
                summary="Ce qui change près de chez vous. Une actualité du banc d'essai.",
                lead="Ce qui change près de chez vous, en quelques mots. Actualité du banc d'essai.",
                body=BODY,
                intercommunalite=rng.choice(territories),
                status=NewsItem.Status.DRAFT if rng.random() < 0.05 else NewsItem.Status.PUBLISHED,
                published_at=now - timedelta(minutes=rng.randint(10, 365 * 24 * 60)),
                signature=TEAM_SIGNATURE,
            )
            for number in range(existing, scale.news)
        ],
        batch_size=500,
    )
    through = NewsItem.themes.through
    through.objects.bulk_create(
        [
            through(newsitem_id=item.pk, theme_id=theme.pk)
            for item in items
            for theme in rng.sample(themes, rng.randint(1, 2))
        ],
        batch_size=1000,
    )
    return f"{len(items)} actualités ajoutées ({scale.news} en tout)"
