"""`seed_bench` seeds coups de pouce (one for ten members) that the board lists as the site does."""

import io

import pytest
from django.core.management import call_command

from helpboard.bench import PER_MEMBERS
from helpboard.models import Help
from tousvoisins.bench_scales import BENCH_PREFIX, SCALES

pytestmark = [pytest.mark.django_db, pytest.mark.bench]
S = SCALES["S"]


def test_seed_bench_adds_the_coups_de_pouce_once_and_the_board_lists_them(client):
    out = io.StringIO()
    call_command("seed_bench", "--scale", "S", "--i-know-this-is-not-production", stdout=out)

    seeded = Help.objects.filter(author__username__startswith=BENCH_PREFIX)
    assert seeded.count() == S.members // PER_MEMBERS
    assert "Coups de pouce : " in out.getvalue()
    assert Help.objects.current().exists() and Help.objects.thanked().exists()
    assert not seeded.filter(tags=None).exists()
    call_command("seed_bench", "--scale", "S", "--i-know-this-is-not-production", stdout=io.StringIO())
    assert seeded.count() == S.members // PER_MEMBERS
    response = client.get("/coups-de-pouce/?theme=emploi")
    assert response.status_code == 200
    assert "help-card" in response.content.decode()
