"""Shared fixtures: the real territory, loaded once per test database, and the personas."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.charter import CHARTER_VERSION
from accounts.models import MODERATION, TERRITORY_REFERENTS, THEMATIC_REFERENTS, Scope, User
from tousvoisins.models import Intercommunalite, Theme

NANTES_METROPOLE = "244400404"
CAP_ATLANTIQUE = "244400610"
CARENE = "244400644"
PASSWORD = "un mot de passe solide 44"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # The territory, thèmes and roles are reference data every test may rely on: make sure
    # they are there once, outside the per-test transactions (a reused database may come from
    # a run interrupted after a live-server flush).
    from tests.browser import reference_data

    with django_db_blocker.unblock():
        call_command("load_territoire", stdout=io.StringIO())
        reference_data.ensure()


@pytest.fixture(scope="module")
def committed_reference_snapshot(django_db_setup, django_db_blocker):
    from tests.browser import reference_data

    with reference_data.kept_aside(django_db_blocker) as snapshot:
        yield snapshot


@pytest.fixture
def reference_data_put_back(committed_reference_snapshot):
    committed_reference_snapshot.restore()  # after the previous test's flush


# For a module whose tests commit for real (another process or thread reads what they write):
# the flush after each test empties every table, so the reference data (territory, thèmes,
# roles, forum categories) is copied aside before the module's first test and put back before
# each test and after the last. Without it, the tests after the module (the browser tests' own
# snapshot included) would find the tables empty.
COMMITTING = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data_put_back")]


@pytest.fixture(autouse=True)
def _french_by_default():
    # LanguageMiddleware activates the reader's language for the rest of the thread, as in a
    # server where the next request activates its own: each test starts in French, the default.
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.activate("fr")


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test starts with an empty cache (rate limits, cached feeds and maps): the tests'
    # frozen clocks and rolled-back rows would otherwise meet the cache of an earlier test.
    from django.conf import settings
    from django.core.cache import cache, caches

    cache.clear()
    for alias in settings.PROCESS_CACHES:
        caches[alias].clear()


def make_user(username, *, group=None, themes=(), sirens=(), verified=True, **fields):
    # Real members accept the charter when they sign up.
    fields.setdefault("charter_version", CHARTER_VERSION)
    user = User.objects.create_user(
        username=username, email=f"{username}@exemple.fr", password=PASSWORD, **fields
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    if group:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get(name=group))
    if themes or sirens:
        scope = Scope.objects.create(user=user)
        scope.themes.set(Theme.objects.filter(slug__in=themes))
        scope.intercommunalites.set(Intercommunalite.objects.filter(siren__in=sirens))
    return user


@pytest.fixture
def member(db):
    return make_user("alice")


@pytest.fixture
def other_member(db):
    return make_user("bob")


@pytest.fixture
def alice(member):
    """The member as other members see her: her profile's name is « Alice »."""
    from tests.factories.profiles import profile_for

    return profile_for(member, display_name="Alice").user


@pytest.fixture
def bob(other_member):
    from tests.factories.profiles import profile_for

    return profile_for(other_member, display_name="Bob").user


@pytest.fixture
def thematic_referent(db):
    return make_user("charlie", group=THEMATIC_REFERENTS, themes=["emploi"])


@pytest.fixture
def nantes_referent(db):
    return make_user("nadia", group=TERRITORY_REFERENTS, sirens=[NANTES_METROPOLE])


@pytest.fixture
def cap_referent(db):
    return make_user("yann", group=TERRITORY_REFERENTS, sirens=[CAP_ATLANTIQUE])


@pytest.fixture
def moderator(db):
    return make_user("mona", group=MODERATION)


def pytest_collection_modifyitems(items):
    # Browser tests use the live server, whose transactional database is flushed after each
    # test: run them last, after every test that relies on the reference data. (A stable sort:
    # pytest-django's own ordering is kept within each group.)
    def uses_live_server(item):
        return "live_server" in item.fixturenames or item.get_closest_marker("browser") is not None

    items.sort(key=uses_live_server)
