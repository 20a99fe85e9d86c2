"""Who to meet: members ranked by what they share with me, then by how near they live.

One query reads the viewer's tags and commune (viewer_for), then one SQL query per list starts
from those tags (indexed by tag, then profile), so the cost follows the number of members having
my tags, never the whole membership:

1. more shared tags first;
2. then the same commune, then the same intercommunalité;
3. then the shorter distance between the communes' centres: ST_DistanceSphere on the centres
   (Django's Distance on lon/lat points), several times cheaper than ST_Distance on geography
   (spheroid) and the same order at the scale of a département;
   members without a commune (or a viewer without one) come after;
4. then the username, so that the order never changes between two page loads.

The three lists:
- "Qui partage mes centres d'intérêt ?": my interests ∩ their interests;
- "Ils peuvent vous apprendre": my envies d'apprendre ∩ their savoirs à partager;
- "Vous pouvez leur apprendre": my savoirs à partager ∩ their envies d'apprendre.
"""

from dataclasses import dataclass, field

from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Case, Count, F, FloatField, IntegerField, Value, When

from .models import Profile

# (the viewer's tag set, their items' relation from Profile) for each list.
SHARED_INTERESTS = ("interests", "interest_items")
THEY_TEACH_ME = ("wishes", "skill_items")
I_TEACH_THEM = ("skills", "wish_items")

# How many members the home page suggests.
HOME_MATCHES = 4


@dataclass
class Viewer:
    """What the ranking needs to know of the member looking: read once, then given as plain values.

    Literal tag ids and commune let PostgreSQL plan each list from the tag index, whatever the
    size of the membership (with subqueries it sometimes started from the 20,000 profiles).
    """

    user: object
    commune_id: int | None = None
    territory_id: int | None = None
    centre: Point | None = None
    interests: list = field(default_factory=list)
    skills: list = field(default_factory=list)
    wishes: list = field(default_factory=list)


def viewer_for(user):
    """The member's tags and place, in one query (a member without a profile has none)."""
    row = (
        Profile.objects.filter(pk=user.pk)
        .annotate(
            interest_ids=ArrayAgg("interest_items__tag_id", distinct=True, default=[]),
            skill_ids=ArrayAgg("skill_items__tag_id", distinct=True, default=[]),
            wish_ids=ArrayAgg("wish_items__tag_id", distinct=True, default=[]),
        )
        .values(
            "commune_id",
            "commune__intercommunalite_id",
            "commune__centre",
            "interest_ids",
            "skill_ids",
            "wish_ids",
        )
        .first()
    )
    if row is None:
        return Viewer(user)
    return Viewer(
        user,
        commune_id=row["commune_id"],
        territory_id=row["commune__intercommunalite_id"],
        centre=row["commune__centre"],
        interests=[pk for pk in row["interest_ids"] if pk is not None],
        skills=[pk for pk in row["skill_ids"] if pk is not None],
        wishes=[pk for pk in row["wish_ids"] if pk is not None],
    )


def ranked(viewer, kind=SHARED_INTERESTS):
    """Profiles the viewer may see that share tags with them, best first (see the module docstring).

    `viewer` comes from viewer_for(). Each profile has `shared_count` and `shared_labels` (the
    shared tags' shown names). No tags, no query.
    """
    my_set, their_relation = kind
    my_tags = getattr(viewer, my_set)
    if not my_tags:
        return Profile.objects.none()
    queryset = (
        Profile.objects.listable_for(viewer.user)
        .filter(**{f"{their_relation}__tag_id__in": my_tags})
        .annotate(
            shared_count=Count(their_relation),
            shared_labels=ArrayAgg(f"{their_relation}__tag__name", order_by=f"{their_relation}__tag__name"),
        )
        .with_place()
    )
    return _nearest_first(queryset, viewer).order_by(
        "-shared_count",
        "-same_commune",
        "-same_territory",
        F("distance").asc(nulls_last=True),
        "user__username",
    )


def _nearest_first(queryset, viewer):
    if viewer.commune_id is None:
        zero = Value(0, output_field=IntegerField())
        return queryset.annotate(
            same_commune=zero, same_territory=zero, distance=Value(None, output_field=FloatField())
        )
    return queryset.annotate(
        same_commune=Case(When(commune_id=viewer.commune_id, then=1), default=0, output_field=IntegerField()),
        same_territory=Case(
            When(commune__intercommunalite_id=viewer.territory_id, then=1),
            default=0,
            output_field=IntegerField(),
        ),
        distance=Distance("commune__centre", Value(viewer.centre)),
    )


def shared_labels(viewer_id, profile_id):
    """What two members have in common, for a profile page: three lists of shown tag names."""
    from .models import Tag

    def both(mine, theirs):
        return list(
            Tag.objects.filter(**{f"{mine}__content_object_id": viewer_id})
            .filter(**{f"{theirs}__content_object_id": profile_id})
            .order_by("name")
            .values_list("name", flat=True)
        )

    return {
        "interests": both("interest_items", "interest_items"),
        "they_teach_me": both("wish_items", "skill_items"),
        "i_teach_them": both("skill_items", "wish_items"),
    }
