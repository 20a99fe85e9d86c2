"""The demo board: asks and offers, work first, one answered with a conversation, one done with thanks."""

import pytest

from helpboard import demo
from helpboard.models import Answer, Help
from profiles.models import Message

pytestmark = pytest.mark.django_db


def test_the_demo_board_is_alive_and_seeding_twice_adds_nothing(client):
    from accounts.demo import seed_demo as seed_accounts
    from profiles.demo import seed_demo as seed_profiles

    seed_accounts()
    seed_profiles()
    summary = demo.seed_demo()
    counts = (Help.objects.count(), Answer.objects.count(), Message.objects.count())
    demo.seed_demo()

    assert (Help.objects.count(), Answer.objects.count(), Message.objects.count()) == counts
    assert "6 nouveaux coups de pouce" in summary
    assert Help.objects.filter(theme__slug="emploi", kind=Help.Kind.ASK).exists()
    assert Help.objects.filter(theme__slug="emploi", kind=Help.Kind.OFFER).count() == 2
    answer = Answer.objects.select_related("help").get()
    assert answer.conversation.messages.count() >= 2
    board = client.get("/coups-de-pouce/").content.decode()
    assert "relire mon CV" in board
    assert "« Merci à Karim, tout marche maintenant ! »" in board.split('id="c-est-fait"')[1]
