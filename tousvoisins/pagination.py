"""Pagination that stops counting: lists of a whole département's agenda hold tens of thousands
of dates. Counting them all costs more than the page itself (an index walk to the first rows
against a scan of every row), and nobody pages that far: past the last page offered, people
narrow the list (a date, a commune)."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from tousvoisins import fragments


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


class KeptCount:
    """A paginator whose count is kept per selection with tousvoisins.fragments.kept: the view
    sets `count_key` (its filters as a short text); a subclass names what it keeps, under which
    areas' stamps and for how long. Without a key, counted each time. `kept_page()` keeps a
    page's rows the same way, per selection and page number."""

    count_key = None
    kept_name = ""
    kept_areas = ()
    kept_seconds = None
    kept_shared = False  # counted by one process for all (fragments.kept)

    def kept(self, suffix, build, key):
        if key is None:
            return build()
        options = {"seconds": self.kept_seconds} if self.kept_seconds else {}
        return fragments.kept(
            f"{self.kept_name}:{suffix}",
            build,
            areas=self.kept_areas,
            key=key,
            shared=self.kept_shared,
            **options,
        )

    def kept_page(self, page):
        key = None if self.count_key is None else f"{self.count_key}|{page.number}"
        return self.kept("page", lambda: list(page.object_list), key)


class KeptCountPaginator(KeptCount, Paginator):
    @cached_property
    def count(self):
        return self.kept("count", lambda: Paginator.count.func(self), self.count_key)


class KeptCappedPaginator(KeptCount, CappedPaginator):
    @cached_property
    def _counted(self):
        return self.kept("count", lambda: CappedPaginator._counted.func(self), self.count_key)
