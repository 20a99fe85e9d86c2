"""factory_boy factories, one section per app. Factories build only what a test needs and lean on
the real territory (loaded once per session by conftest.py) for communes and thèmes."""

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import PARIS, Event
from events.services import event_sync_occurrences
from tousvoisins.models import Commune, Theme
from tousvoisins.places import locate_event

NANTES = "44109"


def next_local(days=7, hour=14, minute=0):
    """A local datetime `days` from today at hour:minute (Europe/Paris)."""
    today = timezone.localtime(timezone.now(), PARIS)
    return (today + timedelta(days=days)).replace(hour=hour, minute=minute, second=0, microsecond=0)


# Events ------------------------------------------------------------------------------------


class EventFactory(factory.django.DjangoModelFactory):
    """A published two-hour event in Nantes next week, with one thème and its dates.

    `insee=` picks another commune (the point is its centre), `themes=[slugs]` other thèmes,
    `occurrences=False` skips materialising the dates.
    """

    class Meta:
        model = Event
        skip_postgeneration_save = True

    class Params:
        insee = NANTES

    title = factory.Sequence(lambda n: f"Rencontre numéro {n}")
    summary = "On se retrouve pour parler et boire un café. Tout le monde est bienvenu."
    description = "Un moment pour se rencontrer autour d'un café. Venez comme vous êtes !"
    start = factory.LazyFunction(next_local)
    end = factory.LazyAttribute(lambda event: event.start + timedelta(hours=2))
    place_name = "Médiathèque"
    address = "1 rue de la Paix"
    commune = factory.LazyAttribute(
        lambda event: Commune.objects.select_related("intercommunalite").get(insee=event.insee)
    )
    organiser_name = "Association Les Voisins"
    status = Event.Status.PUBLISHED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        event = model_class(*args, **kwargs)
        # Commune and intercommunalité always come from the point, as in the application.
        locate_event(event, geocode=False)
        event.save()
        return event

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(Theme.objects.filter(slug__in=extracted or ["loisirs-culture-sport"]))

    @factory.post_generation
    def occurrences(self, create, extracted, **kwargs):
        if create and extracted is not False:
            event_sync_occurrences(self)
