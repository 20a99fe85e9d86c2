"""factory_boy factories for referents. They go through referents.services.referent_save, as
the admin does, so the user's Scope, role group and admin access are always in step."""

from datetime import time

import factory

from referents.models import Permanence, Referent
from referents.services import referent_save
from tests.conftest import make_user
from tousvoisins.models import Commune, Intercommunalite, Theme

NANTES = "44109"


class ReferentFactory(factory.django.DjangoModelFactory):
    """An active thematic referent of "emploi" with a fresh account.

    `themes=[slugs]` or `sirens=[SIREN]` (with kind=Referent.Kind.TERRITORY) choose what they
    look after; `user=` reuses an account (a persona).
    """

    class Meta:
        model = Referent

    # Not fields of the model: _create() hands them to referent_save().
    themes = ("emploi",)
    sirens = ()

    user = factory.Sequence(lambda n: make_user(f"referent{n}"))
    public_name = factory.Sequence(lambda n: f"Camille {n}")
    kind = Referent.Kind.THEMATIC
    structure = "Association Les Voisins"
    structure_kind = Referent.StructureKind.ASSOCIATION
    presentation = "Je vous accueille et je vous oriente."

    @classmethod
    def _create(cls, model_class, *args, themes, sirens, **kwargs):
        referent = model_class(*args, **kwargs)
        if referent.kind == Referent.Kind.TERRITORY:
            themes = ()
        return referent_save(
            referent=referent,
            themes=Theme.objects.filter(slug__in=themes),
            territories=Intercommunalite.objects.filter(siren__in=sirens),
        )


class PermanenceFactory(factory.django.DjangoModelFactory):
    """A weekly Tuesday permanence at the centre of Nantes (`insee=` for another commune)."""

    class Meta:
        model = Permanence

    class Params:
        insee = NANTES

    referent = factory.SubFactory(ReferentFactory)
    place_name = "Médiathèque"
    address = "1 rue de la Paix"
    commune = factory.LazyAttribute(lambda permanence: Commune.objects.get(insee=permanence.insee))
    weekday = Permanence.Weekday.TUESDAY
    start_time = time(14, 0)
    end_time = time(17, 0)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        permanence = model_class(*args, **kwargs)
        permanence.full_clean()
        permanence.save()
        return permanence
