"""The members list stops counting after the pages it offers, as the agenda does: counting every
member of a département costs more than the page (issue 18, growth at L)."""

import re

import pytest

from profiles import listing
from tests.factories.profiles import bulk_members
from tousvoisins import content_stamp
from tousvoisins.pagination import CappedPaginator

pytestmark = pytest.mark.django_db


def heading(response):
    return re.search(r'<h2 id="resultats">(.*?)</h2>', response.text).group(1)


def test_past_the_pages_offered_the_list_says_more_than(
    client, member, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(CappedPaginator, "max_pages", 2)  # 40 members offered instead of 1,000
    bulk_members(45)
    content_stamp.bump("members")
    client.force_login(member)
    # Nothing kept yet (tests/profiles/test_pages.py): the ids listed for everyone are one of the 11
    with django_assert_num_queries(11) as context:
        response = client.get("/membres/")
    assert heading(response) == "Plus de 40 membres"
    assert "Page 1 sur plus de 2" in response.text
    listed = next(
        query["sql"]
        for query in context.captured_queries
        if '"accounts_user"."username" AS "user__username"' in query["sql"]
    )
    # 40 offered, one more to know there are more, and room for the profiles one member does not
    # see (their own, their blocks: profiles.listing.LEFT_OUT_ROOM), taken out of the kept ids
    assert f"LIMIT {41 + listing.LEFT_OUT_ROOM}" in listed


def test_under_the_cap_the_exact_number_is_said(client, member, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "max_pages", 2)
    bulk_members(7)
    content_stamp.bump("members")
    client.force_login(member)
    assert heading(client.get("/membres/")) == "7 membres"


def test_in_english(client, member, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "max_pages", 2)
    bulk_members(45)
    content_stamp.bump("members")
    client.force_login(member)
    client.cookies["langue"] = "en"
    assert heading(client.get("/membres/")) == "More than 40 members"
