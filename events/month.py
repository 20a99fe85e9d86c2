"""The month grid of the agenda: weeks from Monday to Sunday that cover one month (framework-free)."""

import calendar
from dataclasses import dataclass, field
from datetime import date

from tousvoisins.dates import MONTHS


@dataclass
class GridDay:
    day: date
    in_month: bool
    is_today: bool
    occurrences: list = field(default_factory=list)
    total: int = 0  # dates that day, shown or not
    url: str = ""  # the list of that day's dates

    @property
    def more(self):
        return self.total - len(self.occurrences)


def month_weeks(year, month, *, today, occurrences):
    """[[GridDay × 7] × 4 to 6 weeks]; `occurrences` carry `grid_day` and `day_total`
    (OccurrenceQuerySet.for_month) and land in the cell of their grid day."""
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    cells = {day: GridDay(day, day.month == month, day == today) for week in weeks for day in week}
    for occurrence in occurrences:
        cell = cells.get(occurrence.grid_day)
        if cell is not None and cell.in_month:
            cell.occurrences.append(occurrence)
            cell.total = occurrence.day_total
    return [[cells[day] for day in week] for week in weeks]


def month_name(year, month):
    """'décembre 2026'."""
    return f"{MONTHS[month - 1]} {year}"


def month_bounds(year, month):
    """(first day, last day) of the month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def previous_month(year, month):
    return (year - 1, 12) if month == 1 else (year, month - 1)


def next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)
