"""factory_boy factories for the coups de pouce board.

    HelpFactory(author=member, kind=Help.Kind.OFFER, words=["écrire un CV"], insee="44184")

`insee=` a commune (its intercommunalité follows), `siren=` a whole intercommunalité instead,
`theme=` a thème's slug, `words=` labels as members type them (tags).
"""

from datetime import timedelta

import factory
from django.utils import timezone

from helpboard.models import Answer, Help, Report
from profiles.models import Tag
from tests.factories.profiles import UserFactory
from tousvoisins.models import Commune, Intercommunalite, Theme

NANTES = "44109"


def _commune(insee):
    return Commune.objects.only("pk", "name", "intercommunalite_id").get(insee=insee) if insee else None


class HelpFactory(factory.django.DjangoModelFactory):
    """An open ask of "emploi" in Nantes, for the coming month."""

    class Meta:
        model = Help
        skip_postgeneration_save = True

    class Params:
        insee = NANTES
        siren = None

    kind = Help.Kind.ASK
    text = factory.Sequence(lambda n: f"Je cherche quelqu'un pour relire mon CV, numéro {n}.")
    theme = factory.LazyFunction(lambda: Theme.objects.get(slug="emploi"))
    commune = factory.LazyAttribute(lambda help: None if help.siren else _commune(help.insee))
    intercommunalite = factory.LazyAttribute(
        lambda help: (
            Intercommunalite.objects.only("pk").get(siren=help.siren)
            if help.siren
            else Intercommunalite.objects.only("pk").get(pk=help.commune.intercommunalite_id)
        )
    )
    until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    author = factory.SubFactory(UserFactory)
    created = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def words(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(Tag.objects.for_labels(extracted))


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    help = factory.SubFactory(HelpFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = Report.Reason.SPAM
    details = "C'est de la publicité."
