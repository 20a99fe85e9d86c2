"""Dates in words from one helper, in the four languages of the site."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from tousvoisins.dates import day_in_words, hours_in_words, time_in_words, when_in_words

PARIS = ZoneInfo("Europe/Paris")


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


AFTERNOON = (paris(2026, 12, 8, 14), paris(2026, 12, 8, 16))
WEEKEND = (paris(2026, 12, 5), paris(2026, 12, 7))


@pytest.mark.parametrize(
    ("language", "afternoon", "weekend"),
    [
        ("fr", "mardi 8 décembre 2026, de 14 h à 16 h", "du samedi 5 au dimanche 6 décembre 2026"),
        ("en", "Tuesday 8 December 2026, 2 p.m. to 4 p.m.", "from Saturday 5 to Sunday 6 December 2026"),
        ("ar", "الثلاثاء 8 ديسمبر 2026، من 14:00 إلى 16:00", "من السبت 5 إلى الأحد 6 ديسمبر 2026"),
        ("uk", "вівторок, 8 грудня 2026, з 14:00 до 16:00", "субота, 5 – неділя, 6 грудня 2026"),
    ],
)
def test_it_says_when_in_each_language(language, afternoon, weekend):
    with translation.override(language):
        assert when_in_words(*AFTERNOON) == afternoon
        assert when_in_words(*WEEKEND, all_day=True) == weekend


@pytest.mark.parametrize(
    ("language", "first_of_may", "half_past_nine", "midnight", "all_day"),
    [
        ("fr", "samedi 1er mai 2027", "9 h 30", "minuit", "toute la journée"),
        ("en", "Saturday 1 May 2027", "9:30 a.m.", "midnight", "all day"),
        ("ar", "السبت 1 مايو 2027", "09:30", "منتصف الليل", "طوال اليوم"),
        ("uk", "субота, 1 травня 2027", "09:30", "опівночі", "увесь день"),
    ],
)
def test_days_hours_and_all_day_in_each_language(language, first_of_may, half_past_nine, midnight, all_day):
    with translation.override(language):
        assert day_in_words(date(2027, 5, 1)) == first_of_may
        assert time_in_words(time(9, 30)) == half_past_nine
        assert time_in_words(time(0, 0)) == midnight
        assert hours_in_words(paris(2027, 5, 1), paris(2027, 5, 2), all_day=True) == all_day


def test_an_evening_that_ends_the_next_day_in_english():
    with translation.override("en"):
        assert (
            when_in_words(paris(2026, 12, 8, 22), paris(2026, 12, 9, 2))
            == "from Tuesday 8 December 2026 at 10 p.m. to Wednesday 9 December 2026 at 2 a.m."
        )


def test_french_stays_the_default():
    with translation.override("fr"):
        assert when_in_words(paris(2026, 12, 8, 20, 30), paris(2026, 12, 9)) == (
            "mardi 8 décembre 2026, de 20 h 30 à minuit"
        )


def test_numbers_follow_the_locale_format():
    from django.template import Context, Template

    template = Template("{% load l10n %}{{ n|localize }}")
    with translation.override("fr"):
        assert template.render(Context({"n": 1234.5})) == "1234,5"
    with translation.override("en"):
        assert template.render(Context({"n": 1234.5})) == "1234.5"
