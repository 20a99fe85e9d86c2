"""Every page of pages.py has a title of its own (read over HTTP: no browser needed)."""

import html
import re

import pytest
from django.test import Client

from .pages import PAGES, WALKED_ELSEWHERE

TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


@pytest.mark.django_db
def test_it_gives_every_page_a_title_of_its_own(member):
    visitor, signed_in = Client(), Client()
    signed_in.force_login(member)
    pages_by_title = {}
    for entry in PAGES + WALKED_ELSEWHERE:
        response = (signed_in if entry.needs_login else visitor).get(entry.path)
        assert response.status_code == 200, f"{entry.path} answered {response.status_code}"
        found = TITLE.search(response.content.decode())
        assert found, f"{entry.path} has no <title>"
        title = " ".join(html.unescape(found.group(1)).split())
        assert entry.title.lower() in title.lower(), f"{entry.path}: « {title} »"
        pages_by_title.setdefault(title, []).append(entry.path)
    shared = {title: paths for title, paths in pages_by_title.items() if len(paths) > 1}
    assert not shared, f"titles used by several pages: {shared}"
