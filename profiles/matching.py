"""Who to meet: members ranked by what they share with me, then by how near they live.

The order:

1. more shared tags first;
2. then the same commune, then the same intercommunalité;
3. then the shorter distance between the communes' centres (ST_DistanceSphere on the centres,
   the same order as the spheroid at the scale of a département, several times cheaper);
   members without a commune (or a viewer without one) come after;
4. then the username, so that the order never changes between two page loads.

The three lists:
- "Qui partage mes centres d'intérêt ?": my interests ∩ their interests;
- "Ils peuvent vous apprendre": my envies d'apprendre ∩ their savoirs à partager;
- "Vous pouvez leur apprendre": my savoirs à partager ∩ their envies d'apprendre.

Exact, and so its cost grows with the membership: pages read these lists through
profiles.kept_matches, which keeps each member's best ids ranked ahead.

Done in the database, never by loading profiles into Python: one query reads the viewer's tags
and commune (viewer_for), then one query per list. A common tag ("pêche", "cuisiner") may be
held by half the membership, so that query works in two steps (measured on 20,000 members, the
benchmark's M size, a plain join-and-group-by was 5 to 10 times slower, see `_best_ids`):

- a sub-select keeps the ids of the `limit` best members: shared tags are counted from the
  (tag, profile) index alone; the members the viewer may see are then read one at a time, most
  shared tags first, until `limit` of them give the lowest count that can still be shown; only
  the members reaching that count are read and ordered (the nearness of each of the 207
  communes computed once, not once per member). A viewer whose tags are common thus reads a few
  dozen profiles and accounts rather than the thousands of members sharing one tag with them
  (at the benchmark's M size: 98 profiles read by primary key instead of 18,101 and 20,100
  accounts scanned);
- the outer query reads just those profiles, with account, commune and shared tags' names,
  and orders them by the same keys.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Case, Count, F, FloatField, Func, IntegerField, Q, Subquery, When
from django.db.models.expressions import RawSQL

from communities.models import Membership
from tousvoisins.models import Commune

from .models import Profile

# (the viewer's tag set, their items' relation from Profile) for each list.
SHARED_INTERESTS = ("interests", "interest_items")
THEY_TEACH_ME = ("wishes", "skill_items")
I_TEACH_THEM = ("skills", "wish_items")

# How many members a list shows (my matches page), and the home page.
MATCHES_LIMIT = 12
HOME_MATCHES = 4


@dataclass
class Viewer:
    """What the ranking needs to know of the member looking: read once, then given as plain values.

    Literal tag ids let PostgreSQL plan each list from its statistics of the tag index, whatever
    the size of the membership.
    """

    user: object
    commune_id: int | None = None
    territory_id: int | None = None
    interests: list = field(default_factory=list)
    skills: list = field(default_factory=list)
    wishes: list = field(default_factory=list)
    themes: list = field(default_factory=list)  # thèmes followed (the home page's next events)
    # Their KeptMatches row as a dict of its columns, None if never ranked (profiles.kept_matches).
    kept: dict | None = None


# The viewer's KeptMatches, read with their tags (a LEFT JOIN: no row, all None).
KEPT_FIELDS = ("basis", "interests", "they_teach_me", "i_teach_them", "built_at", "queued_at")
KEPT_COLUMNS = tuple(f"kept_matches__{name}" for name in KEPT_FIELDS)


def viewer_for(user):
    """The member's tags, place and thèmes followed, in one query (a member without a profile has none)."""
    row = (
        Profile.objects.filter(pk=user.pk)
        .annotate(
            interest_ids=ArrayAgg("interest_items__tag_id", distinct=True, default=[]),
            skill_ids=ArrayAgg("skill_items__tag_id", distinct=True, default=[]),
            wish_ids=ArrayAgg("wish_items__tag_id", distinct=True, default=[]),
            theme_ids=ArrayAgg("themes__id", distinct=True, default=[]),
        )
        .values(
            "commune_id",
            "commune__intercommunalite_id",
            "interest_ids",
            "skill_ids",
            "wish_ids",
            "theme_ids",
            *KEPT_COLUMNS,
        )
        .first()
    )
    if row is None:
        return Viewer(user)
    return Viewer(
        user,
        commune_id=row["commune_id"],
        territory_id=row["commune__intercommunalite_id"],
        interests=[pk for pk in row["interest_ids"] if pk is not None],
        skills=[pk for pk in row["skill_ids"] if pk is not None],
        wishes=[pk for pk in row["wish_ids"] if pk is not None],
        themes=[pk for pk in row["theme_ids"] if pk is not None],
        kept=_kept(row),
    )


def _kept(row):
    if row["kept_matches__built_at"] is None:
        return None
    return {name: row[column] for name, column in zip(KEPT_FIELDS, KEPT_COLUMNS, strict=True)}


def ranked(viewer, kind=SHARED_INTERESTS, limit=MATCHES_LIMIT, among=None, changed_since=None):
    """The `limit` best profiles for the viewer in one list, best first (see the module docstring).

    `viewer` comes from viewer_for(). Each profile has `shared_count` and `shared_labels` (the
    shared tags' shown names). No tags, no query.
    `among`: ids the best members are taken from (profiles.kept_matches) instead of the whole
    membership, with the profiles saved after `changed_since`; the same keys order them, and who
    may be shown is checked again.
    """
    my_set, their_relation = kind
    my_tags = getattr(viewer, my_set)
    if not my_tags:
        return Profile.objects.none()
    if among is None:
        candidates = Profile.objects.filter(pk__in=_best_ids(viewer, their_relation, my_tags, limit))
    else:
        candidates = Profile.objects.listable_for(viewer.user).filter(
            Q(pk__in=among) | Q(updated__gt=changed_since)
        )
    queryset = (
        candidates.filter(**{f"{their_relation}__tag_id__in": my_tags})
        .annotate(
            shared_count=Count(their_relation),
            shared_labels=ArrayAgg(f"{their_relation}__tag__name", order_by=f"{their_relation}__tag__name"),
        )
        .with_place()
    )
    ordered = _nearest_first(queryset, viewer)
    return ordered if among is None else ordered[:limit]


def community_fellows(viewer, limit=HOME_MATCHES):
    """ "Des membres de vos communautés partagent vos centres d'intérêt": the members of the
    viewer's communities who share most interests with them, in one query. No interests, no query."""
    if not viewer.interests:
        return Profile.objects.none()
    mine = Membership.objects.filter(user=viewer.user).values("community")
    fellows = Membership.objects.filter(community__in=mine).values("user")
    return (
        Profile.objects.listable_for(viewer.user)
        .filter(pk__in=fellows, interest_items__tag_id__in=viewer.interests)
        .annotate(
            shared_count=Count("interest_items"),
            shared_labels=ArrayAgg("interest_items__tag__name", order_by="interest_items__tag__name"),
        )
        .with_place()
        .order_by("-shared_count", "user__username")[:limit]
    )


def _best_ids(viewer, their_relation, my_tags, limit):
    """A sub-select of the ids of the `limit` best members, in the order of ranked().

    Raw SQL because the ORM cannot join a grouped sub-select nor a CTE: counting first, from the
    index only, then reading only the members who can make the list, is what keeps a common tag
    cheap; so is computing each commune's distance once. `threshold` is the count of the
    `limit`-th best member the viewer may see (the members read by primary key in descending
    count, stopping there); every member shown has at least that count, and the ones having
    more or the same are all ordered by the full keys, so the order is the one of ranked().
    The keys are those of ranked() (ST_DistanceSphere here and in _distance_from), so the outer
    query orders the few rows it reads exactly the same way.
    """
    items = Profile._meta.get_field(their_relation).related_model._meta.db_table
    members_sql, members_params = (
        Profile.objects.listable_for(viewer.user)
        .values(member_id=F("pk"), member_commune_id=F("commune_id"), member_username=F("user__username"))
        .order_by()
        .query.sql_with_params()
    )
    communes = Commune._meta.db_table
    # The members are read one at a time by primary key (LATERAL … OFFSET 0 keeps PostgreSQL from
    # turning that into a join reading every profile and account).
    member = (
        f"LATERAL (SELECT * FROM ({members_sql}) AS listable"
        " WHERE listable.member_id = shared.member_id OFFSET 0) AS member"
    )
    sql = f"""
        WITH shared AS MATERIALIZED (
            SELECT content_object_id AS member_id, COUNT(*) AS shared_count
            FROM {items} WHERE tag_id = ANY(%s) GROUP BY content_object_id
        ), threshold AS MATERIALIZED (
            SELECT MIN(best.shared_count) AS shared_count FROM (
                SELECT shared.shared_count
                FROM (SELECT * FROM shared ORDER BY shared_count DESC OFFSET 0) AS shared, {member}
                LIMIT %s
            ) AS best
        ), place AS MATERIALIZED (
            SELECT id, id = %s AS same_commune, intercommunalite_id = %s AS same_territory,
                   ST_DistanceSphere(centre, (SELECT centre FROM {communes} WHERE id = %s)) AS distance
            FROM {communes}
        )
        SELECT candidate.member_id
        FROM (
            SELECT shared.member_id, shared.shared_count, member.member_commune_id, member.member_username
            FROM (
                SELECT * FROM shared WHERE shared_count >= (SELECT shared_count FROM threshold) OFFSET 0
            ) AS shared
            CROSS JOIN {member}
            OFFSET 0
        ) AS candidate
        LEFT JOIN place ON place.id = candidate.member_commune_id
        ORDER BY candidate.shared_count DESC,
                 COALESCE(place.same_commune, FALSE) DESC,
                 COALESCE(place.same_territory, FALSE) DESC,
                 place.distance ASC NULLS LAST,
                 candidate.member_username ASC
        LIMIT %s
    """
    place_params = [viewer.commune_id, viewer.territory_id, viewer.commune_id]
    params = [list(my_tags), *members_params, limit, *place_params, *members_params, limit]
    return RawSQL(sql, params)


def _nearest_first(queryset, viewer):
    """Ordered by the keys of the module docstring. A viewer without a commune has no nearness:
    shared tags, then the username (no constant keys, which PostgreSQL refuses once they are not
    selected, as in profiles.kept_matches' sub-selects of ids)."""
    if viewer.commune_id is None:
        return queryset.order_by("-shared_count", "user__username")
    return queryset.annotate(
        same_commune=Case(When(commune_id=viewer.commune_id, then=1), default=0, output_field=IntegerField()),
        same_territory=Case(
            When(commune__intercommunalite_id=viewer.territory_id, then=1),
            default=0,
            output_field=IntegerField(),
        ),
        distance=_distance_from(viewer.commune_id, "commune__centre"),
    ).order_by(
        "-shared_count",
        "-same_commune",
        "-same_territory",
        F("distance").asc(nulls_last=True),
        "user__username",
    )


def _distance_from(commune_id, centre):
    """Metres between a commune's centre and `centre`: the very function _best_ids() orders by.

    The viewer's centre is read by the query itself, never loaded: a point loaded into Python
    would cost a lookup of its coordinate system, and say nothing the database does not know.
    """
    viewer_centre = Subquery(Commune.objects.filter(pk=commune_id).values("centre")[:1])
    return Func(F(centre), viewer_centre, function="ST_DistanceSphere", output_field=FloatField())


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


def with_matched_words(helps, viewer):
    """Coups de pouce (helpboard, with their tags prefetched), each with `matched_words`: the
    words of an ask among the viewer's savoirs, of an offer among their envies d'apprendre."""
    helps = list(helps)
    for help in helps:
        mine = set(viewer.skills if help.kind == "cherche" else viewer.wishes)
        help.matched_words = [tag.name for tag in help.tags.all() if tag.pk in mine]
    return helps
