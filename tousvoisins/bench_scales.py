"""The sizes of the benchmark's seeded data (`manage.py seed_bench --scale S|M|L`).

M is the size of the département (DESIGN.md): 20,000 members, 20,000 events of which 2,000
recurring, 50,000 forum posts, 1,000 news items, 100 referents. S is a tenth of it, for a quick
look; L five times it, to see what grows. Each app seeds its part in `<app>/bench.py`, with a
`seed_bench(scale, rng)` function returning a short French summary.

Bench rows are recognisable (usernames starting with BENCH_PREFIX), so that a second run only
tops up what is missing, and so that they are never mistaken for real people.
"""

from dataclasses import dataclass

BENCH_PREFIX = "banc-"
BENCH_EMAIL_DOMAIN = "banc.exemple.invalid"


@dataclass(frozen=True)
class Scale:
    name: str
    members: int
    events: int
    recurring_events: int
    forum_posts: int
    news: int
    referents: int


SCALES = {
    "S": Scale(
        "S", members=2_000, events=2_000, recurring_events=200, forum_posts=5_000, news=100, referents=20
    ),
    "M": Scale(
        "M",
        members=20_000,
        events=20_000,
        recurring_events=2_000,
        forum_posts=50_000,
        news=1_000,
        referents=100,
    ),
    "L": Scale(
        "L",
        members=100_000,
        events=100_000,
        recurring_events=10_000,
        forum_posts=250_000,
        news=5_000,
        referents=300,
    ),
}
