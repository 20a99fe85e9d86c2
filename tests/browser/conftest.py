"""One headless Chromium (Debian's, never downloaded) and one live server for all browser tests.

Each test gets a fresh browser context and page whose requests to any other host than the live
server get an empty answer at once (map tiles, any CDN): tests never wait on the network.
"""

import os

# Playwright's sync API runs an event loop in this thread; the ORM must still be usable here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest
from django.core.cache import cache
from playwright.sync_api import sync_playwright

from tests.conftest import make_user

from . import reference_data

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Pages come from a local server: waiting longer than this means something is broken.
TIMEOUT_MS = 5_000


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def reference_snapshot(django_db_setup, django_db_blocker):
    with reference_data.kept_aside(django_db_blocker) as snapshot:
        yield snapshot


@pytest.fixture
def reference_data_restored(reference_snapshot, transactional_db):
    reference_snapshot.restore()
    cache.clear()  # rate-limit counters and cached pages start afresh


@pytest.fixture(autouse=True)
def _reference_data_first(request):
    # Autouse fixtures come before the ones a test names: the territory, themes and roles are
    # back before a fixture such as `member` or `thematic_referent` needs them.
    if "live_server" in request.fixturenames:
        request.getfixturevalue("reference_data_restored")


@pytest.fixture
def console_messages():
    return []


@pytest.fixture
def failed_responses():
    return []


@pytest.fixture
def page(chromium, live_server, reference_data_restored, console_messages, failed_responses):
    yield from _open_page(chromium, console_messages, failed_responses, base_url=live_server.url)


@pytest.fixture
def blank_page(chromium, console_messages, failed_responses):
    """A page without the live server (nor its database flush), for page.set_content()."""
    yield from _open_page(chromium, console_messages, failed_responses, base_url=None)


def _open_page(chromium, console_messages, failed_responses, *, base_url):
    context = chromium.new_context(base_url=base_url, locale="fr-FR", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    context.route(lambda url: not (base_url and url.startswith(base_url)), _empty_answer)
    page = context.new_page()
    page.on("console", lambda message: console_messages.append(f"[{message.type}] {message.text}"))
    page.on("pageerror", lambda error: console_messages.append(f"[pageerror] {error}"))
    page.on("response", lambda response: _record_failure(response, failed_responses))
    yield page
    context.close()
    csp = [text for text in console_messages if "Content Security Policy" in text]
    assert not csp, "Content Security Policy violations:\n" + "\n".join(csp)


def _record_failure(response, failed_responses):
    # A missing stylesheet or script fails the page; a missing page is the 404 test's business.
    if response.status >= 400 and response.request.resource_type != "document":
        failed_responses.append(f"{response.status} {response.url}")


def _empty_answer(route):
    route.fulfill(status=204, body="")


@pytest.fixture
def browser_member(reference_data_restored):
    return make_user("alice")
