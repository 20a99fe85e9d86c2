"""Pagination that stops counting: lists of a whole département's agenda hold tens of thousands
of dates. Counting them all costs more than the page itself (an index walk to the first rows
against a scan of every row), and nobody pages that far: past the last page offered, people
narrow the list (a date, a commune)."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    max_pages = 50

    def __init__(self, *args, counted=None, **kwargs):
        # counted: the rows as _counted would count them, when the page knows them already
        # (a count kept by tousvoisins.fragments).
        super().__init__(*args, **kwargs)
        if counted is not None:
            self._counted = counted

    @cached_property
    def _counted(self):
        limit = self.max_pages * self.per_page
        # COUNT(*) over "any limit + 1 rows": the database stops there. Without the list's order,
        # which would make it find and sort every matching row first (the same count either way).
        return self.object_list.order_by()[: limit + 1].count()

    @cached_property
    def count(self):
        return min(self._counted, self.max_pages * self.per_page)

    @property
    def capped(self):
        """True when there are more rows than the pages offered."""
        return self._counted > self.max_pages * self.per_page
