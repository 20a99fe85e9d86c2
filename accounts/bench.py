"""Bench members: accounts with a verified e-mail and the current charter, one shared password.

The password is hashed once (hashing 20,000 times would take minutes): the benchmark signs in
as any of them with BENCH_PASSWORD.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.charter import CHARTER_VERSION
from tousvoisins.bench_scales import BENCH_EMAIL_DOMAIN, BENCH_PREFIX

from .models import User

BENCH_PASSWORD = "banc-voisins-44"


def bench_username(number):
    return f"{BENCH_PREFIX}{number:06d}"


def seed_bench(scale, rng):
    existing = User.objects.filter(username__startswith=BENCH_PREFIX).count()
    wanted = range(existing, scale.members)
    if not wanted:
        return f"{existing} membres du banc d'essai, déjà là"
    password = make_password(BENCH_PASSWORD)
    now = timezone.now()
    users = User.objects.bulk_create(
        (
            User(
                username=bench_username(number),
                email=f"{bench_username(number)}@{BENCH_EMAIL_DOMAIN}",
                password=password,
                charter_version=CHARTER_VERSION,
                charter_accepted_at=now,
            )
            for number in wanted
        ),
        batch_size=5000,
    )
    EmailAddress.objects.bulk_create(
        (EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users),
        batch_size=5000,
    )
    return f"{len(users)} membres du banc d'essai ajoutés ({scale.members} en tout)"
