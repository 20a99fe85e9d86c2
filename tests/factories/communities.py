"""factory_boy factories for communities.

    community = CommunityFactory(name="Les cuisiniers du mardi", theme="loisirs-culture-sport",
                                 insee="44143", hosts=[host], events=[event], members=[alice])

Made through the service, so every community has its discussion (a forum category).
`insee=` is the commune (Rezé by default), `theme=` a thème's slug.
"""

import factory

from communities import services
from communities.models import Community, GuestMember, Membership
from tousvoisins.models import Commune, Theme

REZE = "44143"


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        skip_postgeneration_save = True

    class Params:
        insee = REZE

    name = factory.Sequence(lambda n: f"Les voisins du mardi numéro {n}")
    theme = "loisirs-culture-sport"
    description = "On cuisine ensemble chaque mardi, puis on partage le repas. Débutants bienvenus."
    commune = factory.LazyAttribute(lambda community: Commune.objects.get(insee=community.insee))

    @classmethod
    def _create(cls, model_class, *args, theme, hosts=(), events=(), members=(), **kwargs):
        community = services.community_create(
            theme=Theme.objects.get(slug=theme), hosts=hosts, events=events, **kwargs
        )
        for user in members:
            Membership.objects.create(community=community, user=user)
        return community


def guest(community, first_name="Josiane", phone="02 40 11 22 33", **kwargs):
    person = GuestMember(community=community, first_name=first_name, phone=phone, **kwargs)
    person.full_clean()
    person.save()
    return person
