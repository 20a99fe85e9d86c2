"""factory_boy factories for useful links. The seeded categories (links migration 0002) are there
in every test; `CategoryFactory` makes others when a test needs its own."""

import factory

from links.models import Category, Link
from tousvoisins.models import Theme


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")
    description = "Des sites pour essayer."
    order = 100


class LinkFactory(factory.django.DjangoModelFactory):
    """An active, free link in "Démarches en ligne" (`category=` or `category__slug=` for another),
    never checked; `themes=[slugs]` adds thèmes."""

    class Meta:
        model = Link
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Site utile {n}")
    url = factory.Sequence(lambda n: f"https://www.site-{n}.gouv.fr/")
    category = factory.LazyFunction(lambda: Category.objects.get(slug="demarches-en-ligne"))
    purpose = "Pour faire ses démarches en ligne."
    cost = Link.Cost.FREE
    organisation = "L'État"

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(Theme.objects.filter(slug__in=extracted))
