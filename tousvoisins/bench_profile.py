"""Where a request's time goes, for the benchmark's report (`make bench`): only in the bench
settings, and only for a request carrying the header `X-Bench-Profile`.

The answer carries a `Server-Timing` header: `sql` (time in the database driver, whenever it
runs, templates included), `tpl` (rendering templates, its SQL taken out), `py` (the rest: URL
resolution, middleware, views, forms, serialisation) and `total`, in milliseconds, plus the
number of queries (`q`).
"""

import time
from contextlib import contextmanager

from django.db import connections
from django.template.base import Template

HEADER = "HTTP_X_BENCH_PROFILE"


class _Clock:
    def __init__(self):
        self.sql = self.template = self.template_sql = 0.0
        self.queries = 0
        self.depth = 0


_current = None
_original_render = Template.render


def _render(self, context):
    clock = _current
    if clock is None or clock.depth:
        return _original_render(self, context)
    clock.depth += 1
    sql_before = clock.sql
    began = time.perf_counter()
    try:
        return _original_render(self, context)
    finally:
        clock.template += time.perf_counter() - began
        clock.template_sql += clock.sql - sql_before
        clock.depth -= 1


Template.render = _render


@contextmanager
def _sql_timer(clock):
    def wrapper(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            clock.sql += time.perf_counter() - began
            clock.queries += 1

    with connections["default"].execute_wrapper(wrapper):
        yield


class BenchProfileMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        global _current
        if HEADER not in request.META:
            return self.get_response(request)
        clock = _Clock()
        _current = clock
        began = time.perf_counter()
        try:
            with _sql_timer(clock):
                response = self.get_response(request)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
        finally:
            _current = None
        total = time.perf_counter() - began
        template = clock.template - clock.template_sql
        python = total - clock.sql - template
        response["Server-Timing"] = ", ".join(
            [
                f"sql;dur={clock.sql * 1000:.2f}",
                f"tpl;dur={template * 1000:.2f}",
                f"py;dur={python * 1000:.2f}",
                f"total;dur={total * 1000:.2f}",
                f"q;dur={clock.queries}",
            ]
        )
        return response
