"""factory_boy factories for news items (they lean on the real thèmes and territory of conftest)."""

from datetime import timedelta

import factory
from django.utils import timezone

from news.models import NewsItem
from tousvoisins.models import Intercommunalite, Theme


class NewsItemFactory(factory.django.DjangoModelFactory):
    """A news item of "emploi" for the whole département, published yesterday.

    `themes=[slugs]` other thèmes, `siren=` an intercommunalité, `status=NewsItem.Status.DRAFT` a draft.
    """

    class Meta:
        model = NewsItem
        skip_postgeneration_save = True

    class Params:
        siren = None

    title = factory.Sequence(lambda n: f"Une nouvelle numéro {n}")
    summary = "Une nouvelle près de chez vous. Elle dit ce qui change."
    lead = "Ce qui change près de chez vous, en quelques mots."
    body = "Un premier paragraphe.\n\nUn **second** paragraphe."
    status = NewsItem.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    intercommunalite = factory.LazyAttribute(
        lambda item: Intercommunalite.objects.only("pk").get(siren=item.siren) if item.siren else None
    )

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(Theme.objects.filter(slug__in=extracted or ["emploi"]))
