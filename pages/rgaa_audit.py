"""The internal RGAA 4.1 audit (docs/rgaa-audit.csv), read for the accessibility statement.

The CSV has one row per criterion of RGAA 4.1 (106 in all): its number, title, result (C for
conforme, NC for non conforme, NA for non applicable), the pages of the sample it was checked on,
how, notes, and for each non-conformity the fix planned. The rate shown on /accessibilite/ is
computed here from that file, the RGAA way: C / (C + NC) over the applicable criteria.
"""

import csv
import functools
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

AUDIT_CSV = Path(settings.BASE_DIR) / "docs" / "rgaa-audit.csv"
# The day the criteria were last gone through; change it with the CSV.
AUDIT_DATE = date(2026, 12, 4)
CRITERIA_COUNT = 106
RESULTS = ("C", "NC", "NA")
COLUMNS = ["criterion", "title", "result", "pages", "method", "notes", "planned_fix"]


class Criterion(NamedTuple):
    number: str
    title: str
    result: str
    pages: str
    method: str
    notes: str
    planned_fix: str


class Audit(NamedTuple):
    criteria: list
    date: date

    def count(self, result):
        return sum(1 for criterion in self.criteria if criterion.result == result)

    @property
    def count_c(self):
        return self.count("C")

    @property
    def count_nc(self):
        return self.count("NC")

    @property
    def count_na(self):
        return self.count("NA")

    @property
    def applicable(self):
        return self.count("C") + self.count("NC")

    @property
    def rate(self):
        """The conformity rate in percent, one decimal, as the RGAA computes it."""
        rate = Decimal(100 * self.count("C")) / Decimal(self.applicable)
        return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def rate_in_words(self):
        # In the page's language: "97,3 %" in French, "97.3%" in English.
        return _("%(rate)s %%") % {"rate": number_format(self.rate, 1)}

    @property
    def status(self):
        """The statement's wording: totalement (100 %), partiellement (50 % or more), non conforme."""
        if self.rate == 100:
            return _("totalement conforme")
        if self.rate >= 50:
            return _("partiellement conforme")
        return _("non conforme")

    @property
    def non_conformities(self):
        return [criterion for criterion in self.criteria if criterion.result == "NC"]


def read_audit(path=AUDIT_CSV):
    with open(path, newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        criteria = [Criterion(*(row[column].strip() for column in COLUMNS)) for row in reader]
    return Audit(criteria=criteria, date=AUDIT_DATE)


@functools.cache
def current_audit():
    return read_audit()
