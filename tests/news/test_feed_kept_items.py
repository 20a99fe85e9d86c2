"""The news' RSS feed keeps its items under the news' stamp for a minute at most (issue 18): built
for each request as the benchmark asks, it reads nothing once its items are kept, and a change of
the news shows in the next feed."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from news.feeds import ITEMS_SECONDS
from news.models import NewsItem
from tests.conftest import CAP_ATLANTIQUE
from tests.factories.news import NewsItemFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
BYPASS = "HTTP_X_SANS_CACHE"
FEED = "/actualites/flux.xml"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(datetime(2026, 11, 26, 10, tzinfo=PARIS), tick=False) as traveller:
        yield traveller


@pytest.fixture
def uncached(settings):
    settings.PAGE_CACHE_BYPASS_HEADER = BYPASS


def titles(client, path=FEED):
    response = client.get(path, **{BYPASS: "1"})
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    return [item.findtext("title") for item in channel.findall("item")]


def test_the_items_are_read_once_then_kept(client, uncached, django_assert_num_queries):
    for index in range(3):
        NewsItemFactory(title=f"Nouvelle {index}", themes=["emploi", "logement"])
    # 1-2. thèmes and intercommunalités for the filters' form
    # 3. the current site (django.contrib.syndication asks; kept by each process afterwards)
    # 4. the latest published items
    # 5. their thèmes
    with django_assert_num_queries(5):
        first = client.get(FEED, **{BYPASS: "1"})
    with django_assert_num_queries(0):
        again = client.get(FEED, **{BYPASS: "1"})
    assert again.content == first.content
    assert b"<category>Emploi</category>" in again.content


def test_an_edited_a_new_and_an_unpublished_item_show_in_the_next_feed(client, uncached, frozen_now):
    first = NewsItemFactory(title="Premier")
    second = NewsItemFactory(title="Second", published_at=timezone.now() - timedelta(hours=1))
    assert titles(client) == ["Second", "Premier"]
    frozen_now.shift(timedelta(seconds=1))
    first.title = "Premier, corrigé"
    first.save()
    assert titles(client) == ["Second", "Premier, corrigé"]
    second.status = NewsItem.Status.DRAFT
    second.save()
    assert titles(client) == ["Premier, corrigé"]
    NewsItemFactory(title="Troisième", published_at=timezone.now() - timedelta(minutes=1))
    assert titles(client) == ["Troisième", "Premier, corrigé"]


def test_an_item_scheduled_for_later_enters_within_the_kept_time(client, uncached, frozen_now):
    NewsItemFactory(title="Déjà là")
    NewsItemFactory(title="Bientôt", published_at=timezone.now() + timedelta(seconds=30))
    assert titles(client) == ["Déjà là"]
    frozen_now.shift(timedelta(seconds=ITEMS_SECONDS + 1))
    assert titles(client) == ["Bientôt", "Déjà là"]


def test_each_selection_keeps_its_own_items(client, uncached):
    NewsItemFactory(title="Emploi partout", themes=["emploi"])
    NewsItemFactory(title="Logement à Cap Atlantique", themes=["logement"], siren=CAP_ATLANTIQUE)
    assert titles(client) == ["Logement à Cap Atlantique", "Emploi partout"]
    assert titles(client, f"{FEED}?theme=emploi") == ["Emploi partout"]
    assert titles(client, f"{FEED}?theme=logement") == ["Logement à Cap Atlantique"]


def test_the_feed_is_the_same_for_visitors_and_members(client, uncached, member, other_member):
    NewsItemFactory(title="Pour tout le monde")
    NewsItemFactory(title="Brouillon", status=NewsItem.Status.DRAFT)
    bodies = [client.get(FEED, **{BYPASS: "1"}).content]
    for person in (member, other_member):
        signed_in = Client()
        signed_in.force_login(person)
        bodies.append(signed_in.get(FEED, **{BYPASS: "1"}).content)
    assert bodies[0] == bodies[1] == bodies[2]
    assert b"Brouillon" not in bodies[0] and member.email.encode() not in bodies[0]
