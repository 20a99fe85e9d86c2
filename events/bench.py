"""Bench events: single and recurring events across the territory, with their dates and some
participants, written in bulk (the services' one-event-at-a-time checks would take an hour).

They are imported events (source "importé", uid "banc-…"), so a second run counts them and only
tops up. Their dates are materialised as the agenda does: 12 months ahead.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from tousvoisins import french
from tousvoisins.bench_scales import BENCH_PREFIX
from tousvoisins.models import Commune, Theme

from .models import HORIZON, PARIS, Event, Occurrence, Participation
from .recurrence import occurrence_starts

ACTIVITIES = [
    ("Café-rencontre", "solidarite"),
    ("Atelier cuisine", "loisirs-culture-sport"),
    ("Marche douce", "sante-bien-etre"),
    ("Atelier CV et lettre de motivation", "emploi"),
    ("Repair café", "solidarite"),
    ("Permanence logement", "logement"),
    ("Covoiturage : rencontre des conducteurs", "mobilite"),
    ("Atelier numérique", "emploi"),
    ("Jardin partagé", "loisirs-culture-sport"),
    ("Chorale", "loisirs-culture-sport"),
    ("Gym douce", "sante-bien-etre"),
    ("Jeux de société", "loisirs-culture-sport"),
    ("Balade à vélo", "mobilite"),
    ("Troc de graines", "solidarite"),
    ("Lecture à voix haute", "loisirs-culture-sport"),
]
PLACES = ["Médiathèque", "Salle des fêtes", "Maison de quartier", "Centre social", "Espace jeunes", "Mairie"]
RULES = ["FREQ=WEEKLY;BYDAY=MO", "FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;BYDAY=WE", "FREQ=WEEKLY;BYDAY=TH",
         "FREQ=WEEKLY;BYDAY=FR", "FREQ=MONTHLY;BYDAY=1SA", "FREQ=MONTHLY;BYDAY=3WE"]  # fmt: skip
STATUSES = [Event.Status.PUBLISHED, Event.Status.PROPOSED, Event.Status.CANCELLED]


def seed_bench(scale, rng):
    existing = Event.objects.filter(external_uid__startswith=BENCH_PREFIX).count()
    if existing >= scale.events:
        return f"{existing} événements du banc d'essai, déjà là"
    now = timezone.now()
    today = timezone.localdate()
    communes = list(Commune.objects.values_list("pk", "population", "intercommunalite_id", "centre", "name"))
    weights = [max(population or 1, 1) for _, population, *_ in communes]
    themes = dict(Theme.objects.values_list("slug", "pk"))
    recurring_left = max(scale.recurring_events - _recurring_count(), 0)
    every = max(scale.events // max(scale.recurring_events, 1), 1)  # one event in ten recurs
    events, event_themes = [], []
    for number in range(existing, scale.events):
        commune_id, _, territory_id, centre, commune_name = rng.choices(communes, weights)[0]
        title, theme = rng.choice(ACTIVITIES)
        recurring = recurring_left > 0 and number % every == 0
        day = today + timedelta(days=rng.randint(-20, 0) if recurring else rng.randint(-30, 360))
        start = datetime.combine(day, time(rng.choice([9, 10, 14, 15, 18]), rng.choice([0, 30])), PARIS)
        status = rng.choices(STATUSES, [90, 6, 4])[0]
        rule = rng.choice(RULES) if recurring else ""
        recurring_left -= bool(recurring)
        place = rng.choice(PLACES)
        events.append(
            Event(
                title=f"{title} {french.a(commune_name)}",
                summary=f"{title} {french.a(commune_name)}, ouvert à tous et gratuit. Venez comme vous êtes.",
                description=f"{title} ouvert à tous, gratuit. Venez comme vous êtes : {place.lower()}, "
                f"{commune_name}. Rencontre proposée par les bénévoles du territoire.",
                start=start,
                end=start + timedelta(hours=rng.choice([1, 2, 2, 3])),
                recurrence=rule,
                place_name=f"{place} {french.de(commune_name)}",
                commune_id=commune_id,
                intercommunalite_id=territory_id,
                point=centre,
                step_free=rng.random() < 0.6,
                hearing_loop=rng.random() < 0.1,
                quiet_place=rng.random() < 0.2,
                organiser_name="Association des voisins (banc d'essai)",
                status=status,
                status_reason="Annulé pour le banc d'essai." if status == Event.Status.CANCELLED else "",
                source=Event.Source.IMPORTED,
                external_uid=f"{BENCH_PREFIX}{number:06d}",
            )
        )
        event_themes.append(theme)
    for event in events:
        event.slug = slugify(event.title)[:80].strip("-")
    events = Event.objects.bulk_create(events, batch_size=2000)
    links = Event.themes.through
    links.objects.bulk_create(
        (
            links(event_id=event.pk, theme_id=themes[theme])
            for event, theme in zip(events, event_themes, strict=True)
        ),
        batch_size=5000,
    )
    dates = Occurrence.objects.bulk_create(_occurrences(events, now), batch_size=5000)
    joined = _participations(dates, now, rng)
    return (
        f"{len(events)} événements ajoutés ({_recurring_count()} réguliers en tout), "
        f"{len(dates)} dates, {joined} participations"
    )


def _recurring_count():
    return Event.objects.filter(external_uid__startswith=BENCH_PREFIX).exclude(recurrence="").count()


def _occurrences(events, now):
    before = now.astimezone(PARIS) + HORIZON
    for event in events:
        duration = event.end - event.start
        for start in occurrence_starts(event.recurrence, dtstart=event.start, before=before):
            yield Occurrence(event_id=event.pk, start=start, end=start + duration)


def _participations(dates, now, rng):
    coming = [occurrence.pk for occurrence in dates if occurrence.start > now]
    members = list(User.objects.filter(username__startswith=BENCH_PREFIX).values_list("pk", flat=True))
    if not coming or not members:
        return 0
    rows = [
        Participation(occurrence_id=rng.choice(coming), user_id=rng.choice(members))
        for _ in range(len(coming) // 5)
    ]
    return len(Participation.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True))
