"""Framework-free helpers of the agenda: dates in French words and recurrence rules."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from events.recurrence import (
    RuleError,
    describe_rule,
    first_start_on_or_after,
    normalize_rule,
    occurrence_starts,
)
from tousvoisins.dates import day_in_words, hours_in_words, time_in_words, when_in_words

PARIS = ZoneInfo("Europe/Paris")


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def test_it_writes_a_day_in_words_with_1er_for_the_first():
    assert day_in_words(date(2026, 12, 8)) == "mardi 8 décembre 2026"
    assert day_in_words(date(2027, 5, 1)) == "samedi 1er mai 2027"
    assert day_in_words(date(2027, 8, 15), weekday=False, year=False) == "15 août"


def test_it_writes_hours_the_french_way():
    assert time_in_words(time(14, 0)) == "14 h"
    assert time_in_words(time(9, 30)) == "9 h 30"
    assert time_in_words(time(0, 0)) == "minuit"


@pytest.mark.parametrize(
    ("start", "end", "all_day", "words"),
    [
        (paris(2026, 12, 8, 14), paris(2026, 12, 8, 16), False, "mardi 8 décembre 2026, de 14 h à 16 h"),
        (paris(2026, 12, 8, 20, 30), paris(2026, 12, 9), False, "mardi 8 décembre 2026, de 20 h 30 à minuit"),
        (paris(2027, 5, 1), paris(2027, 5, 2), True, "samedi 1er mai 2027, toute la journée"),
        (paris(2026, 12, 5), paris(2026, 12, 7), True, "du samedi 5 au dimanche 6 décembre 2026"),
        (paris(2026, 11, 30), paris(2026, 12, 2), True, "du lundi 30 novembre au mardi 1er décembre 2026"),
        (
            paris(2026, 12, 31),
            paris(2027, 1, 2),
            True,
            "du jeudi 31 décembre 2026 au vendredi 1er janvier 2027",
        ),
        (
            paris(2026, 12, 4, 18),
            paris(2026, 12, 6, 17),
            False,
            "du vendredi 4 décembre 2026 à 18 h au dimanche 6 décembre 2026 à 17 h",
        ),
    ],
)
def test_it_writes_when_an_event_happens(start, end, all_day, words):
    assert when_in_words(start, end, all_day=all_day) == words


def test_it_gives_only_the_hours_for_a_list_under_a_day_heading():
    assert hours_in_words(paris(2026, 12, 8, 14), paris(2026, 12, 8, 16)) == "de 14 h à 16 h"
    assert hours_in_words(paris(2026, 12, 8), paris(2026, 12, 9), all_day=True) == "toute la journée"
    assert hours_in_words(paris(2026, 12, 5), paris(2026, 12, 7), all_day=True) == (
        "jusqu'au dimanche 6 décembre 2026"
    )


@pytest.mark.parametrize(
    ("rule", "start", "words"),
    [
        ("FREQ=WEEKLY;BYDAY=TU", paris(2026, 12, 1, 14), "tous les mardis"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", paris(2026, 11, 30, 9), "tous les lundis et jeudis"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", paris(2026, 12, 2, 14), "un mercredi sur deux"),
        ("FREQ=MONTHLY;BYDAY=1SA", paris(2026, 12, 5, 10), "le 1er samedi du mois"),
        ("FREQ=MONTHLY;BYDAY=2TH", paris(2026, 12, 10, 10), "le 2e jeudi du mois"),
        ("FREQ=MONTHLY;BYDAY=-1FR", paris(2026, 12, 25, 19), "le dernier vendredi du mois"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", paris(2026, 12, 15, 10), "le 15 de chaque mois"),
        ("FREQ=DAILY", paris(2026, 12, 15, 10), "tous les jours"),
        ("FREQ=WEEKLY;BYDAY=TU;COUNT=6", paris(2026, 12, 1, 14), "tous les mardis, 6 fois"),
        (
            "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T215959Z",
            paris(2026, 12, 1, 14),
            "tous les mardis, jusqu'au 29 juin 2027",
        ),
    ],
)
def test_it_says_a_rule_in_french(rule, start, words):
    assert describe_rule(rule, dtstart=start) == words


def test_it_rewrites_a_local_until_in_utc_and_a_date_for_all_day_events():
    start = paris(2026, 12, 1, 14)
    assert normalize_rule("rrule:freq=weekly;byday=tu;until=20270629", dtstart=start, all_day=False) == (
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T215959Z"
    )
    assert normalize_rule("FREQ=WEEKLY;UNTIL=20270629T215959Z", dtstart=paris(2026, 12, 1), all_day=True) == (
        "FREQ=WEEKLY;UNTIL=20270629"
    )


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=HOURLY", "quotidienne, hebdomadaire, mensuelle ou annuelle"),
        ("FREQ=WEEKLY;BYDAY", "pas bien écrite"),
        ("FREQ=WEEKLY;BYDAY=XX", "pas bien écrite"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20270101", "pas les deux"),
        ("FREQ=WEEKLY;UNTIL=2027-01-01", "pas une date valide"),
        ("FREQ=WEEKLY;BYDAY=WE", "première date de la répétition"),
        ("FREQ=WEEKLY;UNTIL=20261101", "aucune date"),
    ],
)
def test_it_refuses_a_rule_it_cannot_use_with_a_french_message(rule, message):
    with pytest.raises(RuleError, match=message):
        normalize_rule(rule, dtstart=paris(2026, 12, 1, 14), all_day=False)


def test_every_tuesday_at_14_h_stays_at_14_h_across_both_changes_of_time():
    starts = occurrence_starts(
        "FREQ=WEEKLY;BYDAY=TU", dtstart=paris(2027, 3, 16, 14), before=paris(2027, 11, 10)
    )
    assert {start.time() for start in starts} == {time(14, 0)}
    by_day = {start.date(): start.utcoffset() for start in starts}
    # Summer time starts on Sunday 28 March 2027 and ends on Sunday 31 October 2027.
    assert by_day[date(2027, 3, 23)] == timedelta(hours=1)
    assert by_day[date(2027, 3, 30)] == timedelta(hours=2)
    assert by_day[date(2027, 10, 26)] == timedelta(hours=2)
    assert by_day[date(2027, 11, 2)] == timedelta(hours=1)


def test_exception_dates_and_a_window_select_the_instances():
    starts = occurrence_starts(
        "FREQ=WEEKLY;BYDAY=TU",
        dtstart=paris(2026, 12, 1, 14),
        exception_dates=[date(2026, 12, 15)],
        after=paris(2026, 12, 2),
        before=paris(2026, 12, 30),
    )
    assert [start.date() for start in starts] == [date(2026, 12, 8), date(2026, 12, 22), date(2026, 12, 29)]


def test_a_single_date_has_one_instance_inside_the_window_only():
    start = paris(2026, 12, 1, 14)
    assert occurrence_starts("", dtstart=start, before=paris(2027, 1, 1)) == [start]
    assert occurrence_starts("", dtstart=start, after=paris(2026, 12, 2), before=paris(2027, 1, 1)) == []


def test_it_finds_the_first_date_of_a_rule_from_a_day():
    # Thursday 26 November 2026, 10 h: the next 1st Saturday of a month is 5 December.
    assert first_start_on_or_after("FREQ=MONTHLY;BYDAY=1SA", paris(2026, 11, 26, 10)) == paris(
        2026, 12, 5, 10
    )
