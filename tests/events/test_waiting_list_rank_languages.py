""" "Vous êtes 2e sur la liste d'attente" in each language: the rank is written the reader's way."""

import pytest
from django.utils import translation

from events.models.waiting_list import rank_in_words

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "rank", "expected"),
    [
        ("fr", 2, "Vous êtes 2e sur la liste d'attente."),
        ("fr", 21, "Vous êtes 21e sur la liste d'attente."),
        ("en", 2, "You are 2nd on the waiting list."),
        ("en", 3, "You are 3rd on the waiting list."),
        ("en", 11, "You are 11th on the waiting list."),
        ("en", 22, "You are 22nd on the waiting list."),
        ("uk", 2, "Ви 2-й у списку очікування."),
        ("ar", 4, "ترتيبكم 4 على قائمة الانتظار."),
    ],
)
def test_the_rank_on_the_waiting_list_in_each_language(language, rank, expected):
    with translation.override(language):
        assert rank_in_words(rank) == expected


def test_first_in_line_is_said_in_words():
    with translation.override("en"):
        assert "1st" not in rank_in_words(1)
    assert rank_in_words(1) == "Vous êtes en tête de la liste d'attente."
