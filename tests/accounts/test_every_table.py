"""A member with activity everywhere downloads their data, then closes their account: every table
that names them is in the download (or the reason why not is written here), and after closing no
row of any table — every table of the database, the task queue's results included — holds their
e-mail address, username, shown name, the words only they wrote, or their account's id; only what
the law keeps (RetainedIdentification) stays.

The tables are read raw (introspection), so a new app's table is searched the day it exists; a
new table that names a member fails the first test until it is exported or its reason written in
NOT_EXPORTED."""

import json
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accounts import gdpr
from accounts.models import RetainedIdentification, SignupRecord
from events.models import PARIS, Event, Participation
from events.services_waiting_list import waiting_list_join
from forum import services as forum_services
from helpboard import services as helpboard_services
from pages.services import contact_message_send
from profiles.models import Report as ProfileReport
from profiles.models import Tag
from profiles.notifications import send_message_notifications
from profiles.tags import tag_key
from referents.services import referent_message_send
from tests.conftest import PASSWORD, make_user
from tests.core.test_mail_retry import database_queue, run_ready_tasks  # noqa: F401 (a fixture)
from tests.factories import EventFactory
from tests.factories.forum import TopicFactory
from tests.factories.helpboard import HelpFactory
from tests.factories.profiles import conversation_between, profile_for
from tests.factories.referents import ReferentFactory
from tousvoisins.models import OutgoingEmail, UnsentEmail

pytestmark = pytest.mark.django_db

SHOWN_NAME = "Zéphyrine Quintal"
HER_WORDS = ["origami lunaire", "tricot sous-marin"]  # only she uses them
SHARED_WORD = "lecture à voix haute"  # Bob too: it stays

# Tables that name the member, and where the download shows them: (export key, part).
EXPORTED = {
    "accounts_user": ("compte", "champs"),
    "account_emailaddress": ("compte", "adresses_e_mail"),
    "accounts_signuprecord": ("compte", "inscription"),
    "profiles_profile": ("profiles", "profil"),
    "profiles_interestitem": ("profiles", "profil"),
    "profiles_skillitem": ("profiles", "profil"),
    "profiles_wishitem": ("profiles", "profil"),
    "profiles_tag": ("profiles", "profil"),
    "profiles_conversation": ("profiles", "conversations"),
    "profiles_message": ("profiles", "messages_envoyes"),
    "profiles_report": ("profiles", "signalements_faits"),
    "events_event": ("events", "evenements_proposes"),
    "events_participation": ("events", "participations"),
    "events_waitinglistentry": ("events", "listes_d_attente"),
    "forum_topic": ("forum", "sujets_ouverts"),
    "forum_post": ("forum", "messages"),
    "forum_report": ("forum", "signalements_faits"),
    "forum_subscription": ("forum", "sujets_suivis"),
    "helpboard_help": ("helpboard", "coups_de_pouce"),
    "helpboard_help_tags": ("helpboard", "coups_de_pouce"),
    "helpboard_answer": ("helpboard", "reponses_a_des_coups_de_pouce"),
    "helpboard_report": ("helpboard", "signalements_faits"),
    "pages_contactmessage": ("pages", "messages_au_site"),
    "referents_referentmessage": ("referents", "messages_aux_referents"),
    "tousvoisins_outgoingemail": ("courrier", "e_mails_en_partance"),
    "tousvoisins_unsentemail": ("courrier", "e_mails_non_partis"),
}
# Tables that name the member but are not in the download, and why.
NOT_EXPORTED = {
    # Her signed-in browsers: technical, they go with the account.
    "django_session": "sessions",
}
# What the law keeps after closing (décret n° 2021-1362): e-mail, sign-up date and IP address,
# one year, read by the moderators only.
KEPT_BY_LAW = {"accounts_retainedidentification"}
# Where the search must find her, for it to prove anything.
FOUND_AT_LEAST = [
    "accounts_user", "profiles_profile", "profiles_tag", "forum_post", "profiles_message",
    "events_waitinglistentry", "helpboard_help", "pages_contactmessage", "referents_referentmessage",
    "tousvoisins_outgoingemail",
]  # fmt: skip
SKIPPED = {"django_migrations", "spatial_ref_sys"}
SEARCHED_TYPES = ("text", "character varying", "jsonb", "json", "ARRAY", "character")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def _user_tables(cursor, tables):
    """The account's table and those whose key is the account's (a profile's key is its user's)."""
    found = {"accounts_user"}
    for table in tables:
        for column, relation in connection.introspection.get_relations(cursor, table).items():
            if relation[1] == "accounts_user" and column == _primary_key(cursor, table):
                found.add(table)
    return found


def _primary_key(cursor, table):
    return connection.introspection.get_primary_key_column(cursor, table)


def traces(user_id, needles):
    """{table: [columns]} of every row naming the member: their id in a column that refers to
    their account (or to a row keyed by it), any of `needles` in any text, JSON or array column."""
    found = {}
    with connection.cursor() as cursor:
        tables = [table for table in connection.introspection.table_names() if table not in SKIPPED]
        user_tables = _user_tables(cursor, tables)
        for table in tables:
            columns = []
            relations = connection.introspection.get_relations(cursor, table)
            for column, relation in relations.items():
                if relation[1] in user_tables:
                    cursor.execute(f'SELECT 1 FROM "{table}" WHERE "{column}" = %s LIMIT 1', [user_id])
                    if cursor.fetchone():
                        columns.append(column)
            if table in user_tables:
                key = _primary_key(cursor, table)
                cursor.execute(f'SELECT 1 FROM "{table}" WHERE "{key}" = %s LIMIT 1', [user_id])
                if cursor.fetchone():
                    columns.append(key)
            cursor.execute(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_name = %s AND data_type = ANY(%s)",
                [table, list(SEARCHED_TYPES)],
            )
            for (column,) in cursor.fetchall():
                condition = " OR ".join(f'"{column}"::text ILIKE %s' for _ in needles)
                cursor.execute(
                    f'SELECT 1 FROM "{table}" WHERE {condition} LIMIT 1',
                    [f"%{needle}%" for needle in needles],
                )
                if cursor.fetchone():
                    columns.append(column)
            if columns:
                found[table] = sorted(set(columns))
    return found


def _needles(user):
    words = [*HER_WORDS, *(tag_key(word) for word in HER_WORDS)]
    return [user.email, user.username, SHOWN_NAME, *words]


@pytest.fixture
def zephyrine(database_queue, django_capture_on_commit_callbacks):  # noqa: F811
    """A member who did everything the site offers; her e-mails went through the database queue."""
    her = make_user("zephyrine")
    bob = make_user("bobby")
    SignupRecord.objects.create(user=her, email=her.email, ip_address="203.0.113.7")
    profile_for(her, display_name=SHOWN_NAME, interests=[HER_WORDS[0], SHARED_WORD], wishes=[HER_WORDS[1]])
    profile_for(bob, display_name="Bob", interests=[SHARED_WORD])
    with django_capture_on_commit_callbacks(execute=True):
        # The forum: a topic, a reply on Bob's, a report.
        topic = forum_services.topic_create(
            author=her, category=TopicFactory().category, title="Qui joue du ukulélé ?", body="Moi."
        )
        bobs_topic = TopicFactory(author=bob)
        post = forum_services.post_reply(author=her, topic=bobs_topic, body="Bonne idée.")
        forum_services.report_create(reporter=bob, post=topic.posts.get(), reason="publicite", details="")
        forum_services.report_create(reporter=her, post=post, reason="publicite", details="")
        # Private messages both ways, a report of Bob's profile.
        conversation_between(her, bob, "Bonjour Bob")
        conversation_between(bob, her, "Bonjour à vous")
        ProfileReport.objects.create(reporter=her, reported_user=bob, reason="autre", details="Il insiste.")
        # The agenda: a participation, two proposals, a place in a waiting list.
        event = EventFactory(title="Café tricot")
        Participation.objects.create(occurrence=event.occurrences.first(), user=her)
        EventFactory(title="Troc de graines", proposed_by=her)
        EventFactory(title="Atelier vélo", proposed_by=her, status=Event.Status.PROPOSED)
        start = datetime.now(PARIS).replace(microsecond=0) + timedelta(days=10)
        full = EventFactory(start=start, end=start + timedelta(hours=2), capacity=1).occurrences.get()
        Participation.objects.create(occurrence=full, user=bob)
        waiting_list_join(occurrence=full, user=her)
        # Coups de pouce: her ask (with her words), her answer to Bob's.
        HelpFactory(author=her, words=[HER_WORDS[0]])
        helpboard_services.help_answer(
            help=HelpFactory(author=bob), responder=her, body="Je peux vous aider."
        )
        helpboard_services.report_create(reporter=her, help=HelpFactory(author=bob), reason="publicite")
        # Messages through the forms: to the moderation, to a referent (e-mails with her address).
        contact_message_send(
            subject="question", name=SHOWN_NAME, email=her.email, message="Une question", user=her
        )
        referent_message_send(referent=ReferentFactory(), name=SHOWN_NAME, email=her.email, message="Bonjour",
                              sender=her)  # fmt: skip
    assert run_ready_tasks() >= 3  # those e-mails left: their task results stay a week
    assert len(mail.outbox) >= 3
    # E-mails still waiting: the new messages' notices (Bob's names her), one the server refused.
    with django_capture_on_commit_callbacks(execute=True):
        send_message_notifications()
    assert OutgoingEmail.objects.count() == 2
    UnsentEmail.objects.create(
        subject="Votre message est bien parti", addresses=[her.email], error="SMTPServerDisconnected : …",
        attempts=5, message={"subject": "Votre message est bien parti", "body": "…", "to": [her.email]},
    )  # fmt: skip
    return her


def download(client, user):
    client.force_login(user)
    response = client.get("/mon-profil/mes-donnees/telecharger/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(content)


def test_every_table_that_names_the_member_is_in_their_download(client, zephyrine):
    found = traces(zephyrine.pk, _needles(zephyrine))
    data = download(client, zephyrine)

    unexplained = set(found) - set(EXPORTED) - set(NOT_EXPORTED) - KEPT_BY_LAW
    assert unexplained == set(), found
    for table in set(found) & set(EXPORTED):
        key, part = EXPORTED[table]
        assert data[key][part], f"{table} names her but {key}.{part} is empty"
    # The search does find her where she is (a search that finds nothing proves nothing).
    assert set(FOUND_AT_LEAST) - set(found) == set()
    # The task queue's results (kept a week) carry e-mail ids, never a text or an address.
    assert DBTaskResult.objects.filter(task_path="tousvoisins.mail.send_email").count() >= 5
    assert "django_tasks_database_dbtaskresult" not in found
    # Her words are in her profile's part, the e-mail naming her to Bob only as such.
    text = json.dumps(data, ensure_ascii=False)
    assert all(word in text for word in HER_WORDS)
    assert "bobby@exemple.fr" not in json.dumps(data["courrier"])


def test_after_closing_no_table_names_the_member_but_what_the_law_keeps(
    client, zephyrine, django_capture_on_commit_callbacks
):
    user_id, email = zephyrine.pk, zephyrine.email
    needles = _needles(zephyrine)
    # The task queue's results are searched like every table.
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).exists()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 2
    client.force_login(zephyrine)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mon-profil/supprimer-mon-compte/", {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert set(traces(user_id, needles)) == KEPT_BY_LAW
    assert RetainedIdentification.objects.get().email == email
    # Her words went, the word Bob shares stayed.
    assert not Tag.objects.filter(name__in=HER_WORDS).exists()
    assert Tag.objects.filter(name=SHARED_WORD).exists()
    # The queued e-mails that named her are gone: the worker finds nothing to send.
    sent_before = len(mail.outbox)
    run_ready_tasks()
    assert len(mail.outbox) == sent_before


def test_closing_an_account_leaves_the_words_others_use_and_the_suggestions(
    db, django_capture_on_commit_callbacks
):
    her, bob = make_user("zephyrine"), make_user("bobby")
    # Only hers; also Bob's; also in Bob's coup de pouce; a word the site suggests, only hers.
    profile_for(
        her, interests=[HER_WORDS[0], SHARED_WORD], wishes=[HER_WORDS[1]], skills=["code de la route"]
    )
    profile_for(bob, interests=[SHARED_WORD])
    HelpFactory(author=bob, words=[HER_WORDS[1]])

    with django_capture_on_commit_callbacks(execute=True):
        gdpr.account_close(her)

    assert set(Tag.objects.values_list("name", flat=True)) == {SHARED_WORD, HER_WORDS[1], "code de la route"}
