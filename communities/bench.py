"""Bench communities: one for every fourth recurring bench event, with its discussion (a forum
category of the kind "communauté"), a host, bench members and a few people without an account,
written in bulk. Recognisable by their slug (BENCH_PREFIX), so a second run only tops up."""

from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from events.models import Event
from forum.models import Category
from tousvoisins.bench_scales import BENCH_PREFIX

from .models import CATEGORY_PREFIX, Community, GuestMember, Membership

EVENTS_PER_COMMUNITY = 4
MEMBERS = (5, 40)


def seed_bench(scale, rng):
    wanted_total = scale.recurring_events // EVENTS_PER_COMMUNITY
    existing = Community.objects.filter(slug__startswith=BENCH_PREFIX).count()
    if existing >= wanted_total:
        return f"{existing} communautés du banc d'essai, déjà là"
    taken = Community.events.through.objects.values("event_id")
    events = list(
        Event.objects.filter(external_uid__startswith=BENCH_PREFIX)
        .exclude(recurrence="")
        .exclude(pk__in=taken)
        .order_by("pk")
        .values_list("pk", "title", "commune_id", "intercommunalite_id", "commune__name")[
            : wanted_total - existing
        ]
    )
    members = list(User.objects.filter(username__startswith=BENCH_PREFIX).values_list("pk", flat=True))
    if not events or not members:
        return "pas d'événements réguliers ou de membres : rien à créer"
    themes = dict(
        Event.themes.through.objects.filter(event_id__in=[event[0] for event in events])
        .order_by("event_id", "theme_id")
        .values_list("event_id", "theme_id")
    )
    rows = []
    for number, (event_id, title, commune_id, territory_id, commune_name) in enumerate(
        events, start=existing
    ):
        # Names are unique: the number stays whatever the length of the title.
        name = f"{title} à {commune_name}"[:60] + f" ({number + 1})"
        slug = f"{BENCH_PREFIX}{number + 1:05d}-{slugify(title)}"[:80]
        rows.append((event_id, name, slug, commune_id, territory_id))
    categories = Category.objects.bulk_create(
        [
            Category(
                kind=Category.Kind.COMMUNITY,
                name=f"{CATEGORY_PREFIX}{name}",
                slug=f"communaute-{slug}"[:60],
                description=f"La discussion des membres de la communauté « {name} »."[:250],
                order=1000,
            )
            for _, name, slug, _, _ in rows
        ]
    )
    now = timezone.now()
    communities = Community.objects.bulk_create(
        [
            Community(
                name=name,
                slug=slug,
                theme_id=themes[event_id],
                commune_id=commune_id,
                intercommunalite_id=territory_id,
                description="On se retrouve à chaque rencontre, et on garde le lien entre deux dates.",
                category=category,
                created=now,
                updated=now,
            )
            for (event_id, name, slug, commune_id, territory_id), category in zip(
                rows, categories, strict=True
            )
        ]
    )
    Community.events.through.objects.bulk_create(
        [
            Community.events.through(community_id=c.pk, event_id=row[0])
            for c, row in zip(communities, rows, strict=True)
        ]
    )
    Community.hosts.through.objects.bulk_create(
        [Community.hosts.through(community_id=c.pk, user_id=rng.choice(members)) for c in communities]
    )
    memberships = [
        Membership(community_id=community.pk, user_id=user_id, joined_at=now)
        for community in communities
        for user_id in rng.sample(members, min(len(members), rng.randint(*MEMBERS)))
    ]
    Membership.objects.bulk_create(memberships, batch_size=5000, ignore_conflicts=True)
    GuestMember.objects.bulk_create(
        [
            GuestMember(
                community_id=community.pk, first_name="Josiane", phone="0240000000", notes="banc d'essai"
            )
            for community in communities[::10]
        ]
    )
    return f"{len(communities)} communautés et {len(memberships)} membres ajoutés ({wanted_total} en tout)"
