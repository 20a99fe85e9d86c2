"""The personal data of every app, through one registry (accounts.gdpr): each app's
personal_data module is found without accounts importing any tab; one daily command erases what
each app keeps past its time; closing an account from its page still reaches every app."""

import ast
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from accounts import gdpr
from accounts.models import RetainedIdentification, SignupRecord, Suspension, User
from events.models import Event, Participation
from forum.models import Subscription, Topic
from news.models import TEAM_SIGNATURE, NewsItem
from pages.models import ContactMessage
from profiles.models import Conversation, Message, Profile
from referents.models import ReferentMessage
from tests.conftest import PASSWORD
from tests.factories import EventFactory
from tests.factories.forum import TopicFactory
from tests.factories.news import NewsItemFactory
from tests.factories.profiles import conversation_between, profile_for
from tests.factories.referents import ReferentFactory

pytestmark = pytest.mark.django_db

# Export key -> module, in INSTALLED_APPS order; the account's part is named for the member.
EXPECTED_MODULES = {
    "courrier": "tousvoisins.personal_data",
    "compte": "accounts.personal_data",
    "pages": "pages.personal_data",
    "events": "events.personal_data",
    "referents": "referents.personal_data",
    "profiles": "profiles.personal_data",
    "news": "news.personal_data",
    "forum": "forum.personal_data",
    "helpboard": "helpboard.personal_data",
    "communities": "communities.personal_data",
}
TABS = {"pages", "events", "referents", "profiles", "news", "links", "forum", "helpboard", "communities"}
PURGE_REPORT_HEADER = "Données personnelles arrivées au bout de leur durée de conservation, effacées :\n"


# The registry --------------------------------------------------------------------------------------


def test_the_registry_finds_every_apps_personal_data_module_in_installed_apps_order():
    found = {key: module.__name__ for key, module in gdpr.personal_data_modules()}

    assert found == EXPECTED_MODULES
    assert list(found) == list(EXPECTED_MODULES)


def test_the_registry_misses_no_personal_data_file_on_disk():
    on_disk = {
        f"{app.name}.personal_data"
        for app in apps.get_app_configs()
        if (Path(app.path) / "personal_data.py").exists()
    }

    assert {module.__name__ for _key, module in gdpr.personal_data_modules()} == on_disk


def test_every_module_offers_the_same_small_interface():
    purgers = []
    for key, module in gdpr.personal_data_modules():
        assert callable(module.export_user_data), key
        assert callable(module.erase_user_data), key
        if hasattr(module, "purge_expired_data"):
            purgers.append(key)

    assert purgers == ["courrier", "compte", "pages", "events", "referents"]


def test_the_personal_data_core_imports_no_tab():
    """accounts finds the tabs' modules through the app registry, never by importing them."""
    root = Path(settings.BASE_DIR) / "accounts"
    for path in (
        root / "gdpr.py",
        root / "personal_data.py",
        root / "adapters.py",
        root / "management" / "commands" / "purge_expired_personal_data.py",
    ):
        imported = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module.split(".")[0])
        assert not imported & TABS, (path.name, imported & TABS)


# The daily purge -----------------------------------------------------------------------------------


@pytest.fixture
def old_and_recent_rows():
    """In each app that purges: a row past its year, and one a day short of it."""
    referent = ReferentFactory()
    now = timezone.now()
    for age, text in ((400, "ancien"), (364, "récent")):
        with time_machine.travel(now - timedelta(days=age)):
            ContactMessage.objects.create(subject="question", name="Jo", email="jo@exemple.fr", message=text)
            ReferentMessage.objects.create(referent=referent, name="Jo", email="jo@exemple.fr", message=text)
        RetainedIdentification.objects.create(
            email=f"{text}@exemple.fr",
            signup_email=f"{text}@exemple.fr",
            signed_up_at=now - timedelta(days=1000),
            signup_ip_address="203.0.113.7",
            closed_at=now - timedelta(days=age),
        )


def _kept():
    return (
        list(RetainedIdentification.objects.values_list("email", flat=True)),
        list(ContactMessage.objects.values_list("message", flat=True)),
        list(ReferentMessage.objects.values_list("message", flat=True)),
    )


def _purge():
    out = io.StringIO()
    call_command("purge_expired_personal_data", stdout=out)
    return out.getvalue()


def test_one_run_erases_each_apps_expired_rows_and_keeps_the_recent_ones(old_and_recent_rows):
    report = _purge()

    assert report == (
        PURGE_REPORT_HEADER + "- e-mails non partis de plus de 90 jours : 0\n"
        "- identifications de comptes fermés depuis plus d'un an : 1\n"
        "- messages « Nous écrire » reçus il y a plus d'un an : 1\n"
        "- personnes inscrites par un référent à une date passée de plus de 30 jours : 0\n"
        "- messages aux référents reçus il y a plus d'un an : 1\n"
    )
    assert _kept() == (["récent@exemple.fr"], ["récent"], ["récent"])


def test_running_the_purge_twice_erases_nothing_more(old_and_recent_rows):
    _purge()

    report = _purge()

    assert report == (
        PURGE_REPORT_HEADER + "- e-mails non partis de plus de 90 jours : 0\n"
        "- identifications de comptes fermés depuis plus d'un an : 0\n"
        "- messages « Nous écrire » reçus il y a plus d'un an : 0\n"
        "- personnes inscrites par un référent à une date passée de plus de 30 jours : 0\n"
        "- messages aux référents reçus il y a plus d'un an : 0\n"
    )
    assert _kept() == (["récent@exemple.fr"], ["récent"], ["récent"])


def test_the_recent_rows_go_once_their_year_is_over(old_and_recent_rows):
    _purge()

    with time_machine.travel(timezone.now() + timedelta(days=2)):
        _purge()

    assert _kept() == ([], [], [])


def test_the_purge_is_the_daily_periodic_job():
    assert settings.PERIODIC_JOBS["purge_expired_personal_data"] == 24 * 3600


# Signing up and closing an account from their pages ----------------------------------------------


def test_signing_up_records_the_identification_and_lets_each_app_start_the_account(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/comptes/signup/",
            {
                "email": "paul.durand@exemple.fr",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "charter": "on",
            },
            REMOTE_ADDR="198.51.100.40",
        )

    assert response.status_code == 302
    assert response["Location"] == "/comptes/confirm-email/"  # "check your inbox"
    user = User.objects.get(email="paul.durand@exemple.fr")
    assert SignupRecord.objects.filter(user=user, ip_address="198.51.100.40").exists()
    assert Profile.objects.get(user=user).display_name == "Paul"  # profiles' create_user_data


@pytest.fixture
def alice_in_every_app(member, other_member, moderator):
    """Alice has something in each app with a personal_data module."""
    alice = member
    gdpr.account_signed_up(user=alice, ip_address="203.0.113.7")  # accounts, and profiles' profile
    profile_for(other_member, display_name="Bob")
    Suspension.objects.create(
        user=alice, reason="Test", starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now()
    )
    LogEntry.objects.log_actions(
        user_id=moderator.pk, queryset=[alice], action_flag=CHANGE, change_message="Compte modifié"
    )
    ContactMessage.objects.create(
        subject="question", name="Alice Martin", email=alice.email, message="Une question", user=alice
    )
    event = EventFactory(title="Café tricot")
    Participation.objects.create(occurrence=event.occurrences.first(), user=alice)
    EventFactory(title="Troc de graines", proposed_by=alice)
    ReferentMessage.objects.create(
        referent=ReferentFactory(), sender=alice, name="Alice", email=alice.email, message="Bonjour"
    )
    conversation_between(alice, other_member, "Bonjour Bob")
    NewsItemFactory(title="Fête de quartier", author=alice, signature=alice.username)
    topic = TopicFactory(author=alice, title="Qui a une perceuse ?")
    Subscription.objects.create(user=alice, topic=topic)
    return alice


def test_the_download_has_one_part_per_module(client, alice_in_every_app):
    client.force_login(alice_in_every_app)

    response = client.get("/mon-profil/mes-donnees/telecharger/")

    assert response.status_code == 200
    data = json.loads(response.content)
    assert list(data) == ["site", "genere_le", *EXPECTED_MODULES]
    assert data["compte"]["inscription"]["adresse_ip"] == "203.0.113.7"
    assert data["pages"]["messages_au_site"][0]["message"] == "Une question"
    assert data["events"]["participations"][0]["evenement"] == "Café tricot"
    assert data["referents"]["messages_aux_referents"][0]["message"] == "Bonjour"
    assert data["profiles"]["messages_envoyes"][0]["texte"] == "Bonjour Bob"
    assert data["news"]["actualites_redigees"][0]["titre"] == "Fête de quartier"
    assert data["forum"]["sujets_ouverts"][0]["titre"] == "Qui a une perceuse ?"


def test_closing_the_account_from_its_page_reaches_every_app(
    client, alice_in_every_app, django_capture_on_commit_callbacks
):
    alice = alice_in_every_app
    user_id, email = alice.pk, alice.email
    phone = type(client)()
    phone.force_login(alice)
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mon-profil/supprimer-mon-compte/", {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert response.url == "/compte-supprime/"
    # accounts: the account, its addresses, suspensions, sessions; the admin's history forgets her.
    assert not User.objects.filter(pk=user_id).exists()
    assert not SignupRecord.objects.filter(user_id=user_id).exists()
    assert not EmailAddress.objects.filter(email=email).exists()
    assert not Suspension.objects.exists()
    assert not Session.objects.exists()
    assert list(LogEntry.objects.values_list("object_repr", "change_message")) == [("ancien membre", "")]
    retained = RetainedIdentification.objects.get()
    assert (retained.email, retained.signup_ip_address) == (email, "203.0.113.7")
    # pages, events, referents, profiles, news, forum.
    assert not ContactMessage.objects.exists()
    assert not Participation.objects.exists()
    assert Event.objects.get(title="Troc de graines").proposed_by is None
    assert not ReferentMessage.objects.exists()
    assert not Profile.objects.filter(pk=user_id).exists()
    assert not Conversation.objects.exists()
    assert not Message.objects.exists()
    news = NewsItem.objects.get(title="Fête de quartier")
    assert (news.author, news.signature) == (None, TEAM_SIGNATURE)
    assert Topic.objects.get(title="Qui a une perceuse ?").author is None
    assert not Subscription.objects.exists()
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Votre compte est supprimé" in page.content.decode()
    assert phone.get("/mon-profil/").status_code == 302  # signed out on her phone too


def test_a_closed_accounts_identification_goes_with_the_daily_purge_after_a_year(alice_in_every_app):
    gdpr.account_close(alice_in_every_app)
    _purge()
    assert RetainedIdentification.objects.count() == 1

    with time_machine.travel(timezone.now() + timedelta(days=366)):
        report = _purge()

    assert "- identifications de comptes fermés depuis plus d'un an : 1\n" in report
    assert not RetainedIdentification.objects.exists()
