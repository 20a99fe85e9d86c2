"""A member's data: download it all, close the account leaving nothing personal behind, and the
one year retention of the sign-up identification that French hosting law asks for."""

import io
import json
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts import gdpr
from accounts.models import MODERATION, Block, RetainedIdentification, SignupRecord, Suspension, User
from events.models import Event, Participation
from pages.models import ContactMessage
from profiles.models import (
    Conversation,
    InterestItem,
    Message,
    Profile,
    Report,
)
from referents.models import ReferentMessage
from tests.conftest import PASSWORD, make_user
from tests.factories import EventFactory
from tests.factories.profiles import ProfileFactory, block, conversation_between, profile_for
from tests.factories.referents import ReferentFactory
from tests.profiles.test_pages import jpeg_with_exif, profile_data
from tousvoisins.models import OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def alice(member):
    SignupRecord.objects.create(user=member, email=member.email, ip_address="203.0.113.7")
    return profile_for(
        member, display_name="Alice", insee="44143", interests=["cuisiner"], skills=["couture"],
        wishes=["informatique"], themes=["solidarite"],
    ).user  # fmt: skip


@pytest.fixture
def bob(other_member):
    return profile_for(other_member, display_name="Bob").user


@pytest.fixture
def alice_everywhere(alice, bob):
    """Alice has left a trace in every table we know of."""
    conversation = conversation_between(alice, bob, "Bonjour Bob")
    conversation_between(bob, alice, "Bonjour Alice")
    block(alice, ProfileFactory(user__username="casse-pieds").user)
    Report.objects.create(reporter=alice, reported_user=bob, reason="autre", details="Il insiste.")
    Report.objects.create(
        reporter=bob, reported_user=alice, reason="autre", message=conversation.messages.first()
    )
    event = EventFactory(title="Café tricot")
    Participation.objects.create(occurrence=event.occurrences.first(), user=alice)
    # Two proposals: one published (it stays in the agenda, without her), one still waiting.
    EventFactory(title="Troc de graines", proposed_by=alice)
    EventFactory(title="Atelier vélo", proposed_by=alice, status=Event.Status.PROPOSED)
    ContactMessage.objects.create(
        subject="question", name="Alice Martin", email=alice.email, message="Une question", user=alice
    )
    Suspension.objects.create(user=alice, reason="Test", ends_at=timezone.now() - timedelta(days=1),
                              starts_at=timezone.now() - timedelta(days=3))  # fmt: skip
    _write_to_a_referent(alice)
    _email_kept_by_the_task_queue(to=[alice.email])
    _email_kept_by_the_task_queue(to=["referent@exemple.fr"], reply_to=[alice.email])
    return alice


def _email_kept_by_the_task_queue(**kwargs):
    """An e-mail waiting in the database task queue (as in production): its text and addresses in
    the outbox, only its id in the queue."""
    email = OutgoingEmail.objects.create(**{"subject": "Sujet", "body": "Bonjour", **kwargs})
    return DBTaskResult.objects.create(
        task_path="tousvoisins.mail.send_email",
        args_kwargs={"args": [], "kwargs": {"email_id": email.pk}},
        backend_name="default",
        run_after=timezone.now(),
        status=TaskResultStatus.READY,
    )


def _write_to_a_referent(user):
    """A message to a referent (the referents app erases its own data)."""
    ReferentMessage.objects.create(
        referent=ReferentFactory(), sender=user, name="Alice Martin", email=user.email, message="Bonjour"
    )


def download(client, user):
    client.force_login(user)
    response = client.get("/mon-profil/mes-donnees/telecharger/")
    assert response.status_code == 200
    return response, json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


# Download ----------------------------------------------------------------------------------------


def test_it_downloads_everything_held_on_the_member_as_json(client, alice_everywhere):
    response, data = download(client, alice_everywhere)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="tousvoisins44-mes-donnees-')
    account = data["compte"]
    assert account["champs"]["email"] == "alice@exemple.fr"
    assert account["champs"]["username"] == "alice"
    assert "password" not in account["champs"]
    assert account["adresses_e_mail"] == [
        {"adresse": "alice@exemple.fr", "verifiee": True, "principale": True}
    ]
    assert account["inscription"]["adresse_ip"] == "203.0.113.7"
    assert account["suspensions"][0]["motif"] == "Test"
    assert data["pages"]["messages_au_site"][0]["message"] == "Une question"
    profile = data["profiles"]["profil"]
    assert profile["nom_affiche"] == "Alice"
    assert profile["commune"] == "Rezé"
    assert profile["centres_d_interet"] == ["cuisiner"]
    assert profile["savoirs_a_partager"] == ["couture"]
    assert profile["envies_d_apprendre"] == ["informatique"]
    assert profile["themes_suivis"] == ["Solidarité"]
    assert [item["texte"] for item in data["profiles"]["messages_envoyes"]] == ["Bonjour Bob"]
    assert data["profiles"]["messages_envoyes"][0]["a"] == "Bob"
    assert data["profiles"]["membres_bloques"][0]["membre"] == "Casse"
    assert data["profiles"]["signalements_faits"][0]["precisions"] == "Il insiste."
    assert [item["evenement"] for item in data["events"]["participations"]] == ["Café tricot"]
    assert sorted(item["titre"] for item in data["events"]["evenements_proposes"]) == [
        "Atelier vélo",
        "Troc de graines",
    ]
    [to_referent] = data["referents"]["messages_aux_referents"]
    assert (to_referent["message"], to_referent["adresse_pour_repondre"]) == ("Bonjour", "alice@exemple.fr")
    assert data["forum"]["messages"] == []  # the forum's own tests fill it
    # Other apps add theirs through their personal_data module.
    for label, module in gdpr.personal_data_modules():
        assert label in data
        assert data[label] == json.loads(
            json.dumps(module.export_user_data(alice_everywhere), cls=DjangoJSONEncoder)
        )


def test_it_leaves_out_messages_received_and_other_members_data(client, alice_everywhere):
    _response, data = download(client, alice_everywhere)

    text = json.dumps(data, ensure_ascii=False)
    assert "Bonjour Alice" not in text  # written by Bob
    assert "bob@exemple.fr" not in text


def test_it_lets_only_members_download_their_data(client):
    response = client.get("/mon-profil/mes-donnees/telecharger/")

    assert response.status_code == 302
    assert response.url.startswith("/comptes/login/")


def test_it_finds_every_apps_personal_data_module():
    labels = [label for label, _module in gdpr.personal_data_modules()]

    assert "profiles" in labels


# Closing the account -----------------------------------------------------------------------------


# Columns holding a user's id; the items of profiles' tag sets hold a profile's, which is the user's.
USER_COLUMNS = {
    "user_id", "sender_id", "recipient_id", "blocker_id", "blocked_id", "reporter_id",
    "reported_user_id", "first_id", "second_id", "started_by_id", "created_by_id", "proposed_by_id",
    "author_id",
}  # fmt: skip
TEXT_TYPES = {25, 1043, 114, 3802}  # text, varchar, json, jsonb


def _user_traces(user_id, email, username):
    """Every row still naming the closed account (its id, e-mail or username), outside the retention table."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table in ("accounts_retainedidentification", "django_migrations"):
                continue
            for column in connection.introspection.get_table_description(cursor, table):
                name = column.name
                if name in USER_COLUMNS or (name == "content_object_id" and table.startswith("profiles_")):
                    cursor.execute(f'SELECT count(*) FROM "{table}" WHERE "{name}" = %s', [user_id])
                elif column.type_code in TEXT_TYPES:
                    cursor.execute(
                        f'SELECT count(*) FROM "{table}" WHERE "{name}"::text ILIKE %s OR "{name}"::text = %s',  # noqa: E501
                        [f"%{email}%", username],
                    )
                else:
                    continue
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{name}")
    return found


def _delete(client, user, **data):
    client.force_login(user)
    return client.post("/mon-profil/supprimer-mon-compte/", {"password": PASSWORD, "confirm": "on", **data})


def test_it_closes_the_account_leaving_nothing_personal_outside_the_retention_table(
    client, alice_everywhere, moderator, django_capture_on_commit_callbacks
):
    alice = alice_everywhere
    user_id, email, username = alice.pk, alice.email, alice.username
    # A moderator's past action on the account is in the admin's history.
    LogEntry.objects.log_actions(user_id=moderator.pk, queryset=[alice], action_flag=CHANGE,
                                 change_message="Compte modifié")  # fmt: skip
    # Alice is also signed in on her phone.
    phone = type(client)()
    phone.force_login(alice)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/mon-profil/", profile_data(display_name="Alice", photo=jpeg_with_exif()))
    photo = Profile.objects.get(user=alice).photo
    photo_name, storage = photo.name, photo.storage
    assert photo_name and storage.exists(photo_name)
    before = _user_traces(user_id, email, username)
    assert OutgoingEmail.objects.count() == 2  # (array columns: see tests/accounts/test_every_table.py)
    for trace in (
        "events_event.proposed_by_id",
        "referents_referentmessage.sender_id",
        "profiles_profile.user_id",
        "profiles_message.sender_id",
        "profiles_block.blocker_id",
        "events_participation.user_id",
        "account_emailaddress.email",
        "django_admin_log.object_repr",
    ):
        assert trace in before  # the search does find traces  # fmt: skip
    if "referents" in dict(gdpr.personal_data_modules()):
        assert "referents_referentmessage.email" in before

    with django_capture_on_commit_callbacks(execute=True):
        response = _delete(client, alice)

    assert response.status_code == 302
    assert response.url == "/compte-supprime/"
    assert not User.objects.filter(pk=user_id).exists()
    assert not Profile.objects.filter(pk=user_id).exists()
    assert not InterestItem.objects.filter(content_object_id=user_id).exists()
    assert not Conversation.objects.exists()
    assert not Message.objects.exists()
    assert not Block.objects.exists()
    assert not Report.objects.exists()
    assert not Participation.objects.filter(user_id=user_id).exists()
    assert not EmailAddress.objects.filter(email=email).exists()
    assert not ContactMessage.objects.filter(email=email).exists()
    assert not Session.objects.exists()  # this browser's and the phone's
    assert not OutgoingEmail.objects.exists()  # e-mails to her, and her message to a referent
    # Her published proposal stays in the agenda without her; the one waiting goes.
    assert Event.objects.get(title="Troc de graines").proposed_by is None
    assert not Event.objects.filter(title="Atelier vélo").exists()
    assert not storage.exists(photo_name)
    assert _user_traces(user_id, email, username) == []
    retained = RetainedIdentification.objects.get()
    assert (retained.email, retained.signup_email, retained.signup_ip_address) == (
        email,
        email,
        "203.0.113.7",
    )
    assert retained.signed_up_at is not None
    assert "Votre compte est supprimé" in client.get(response.url).content.decode()
    assert client.get("/mon-profil/").status_code == 302  # signed out


def test_it_asks_for_the_password_and_the_box_before_closing(client, alice):
    response = _delete(client, alice, password="pas le bon", confirm="")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Erreur — Supprimer mon compte — Tous voisins 44</title>" in html
    assert "Ce mot de passe n&#x27;est pas le bon." in html
    assert "Cochez cette case pour confirmer." in html
    assert User.objects.filter(pk=alice.pk).exists()
    assert not RetainedIdentification.objects.exists()


def test_it_closes_accounts_only_by_post(client, alice):
    client.force_login(alice)

    assert client.get("/mon-profil/supprimer-mon-compte/").status_code == 200
    assert client.put("/mon-profil/supprimer-mon-compte/").status_code == 405
    assert User.objects.filter(pk=alice.pk).exists()


def test_it_keeps_the_other_members_conversations_apart(alice, bob):
    carol = ProfileFactory(user__username="carol").user
    conversation_between(bob, carol, "Entre nous")

    gdpr.account_close(alice)

    assert Conversation.objects.count() == 1
    assert Message.objects.get().body == "Entre nous"


def test_it_records_the_signup_identification_with_the_profile(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/comptes/signup/",
            {
                "email": "jeanne.martin@exemple.fr",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "charter": "on",
            },
            REMOTE_ADDR="198.51.100.23",
        )

    assert response.status_code == 302
    assert response["Location"] == "/comptes/confirm-email/"
    user = User.objects.get(email="jeanne.martin@exemple.fr")
    record = SignupRecord.objects.get(user=user)
    assert (record.email, record.ip_address) == ("jeanne.martin@exemple.fr", "198.51.100.23")
    assert Profile.objects.get(user=user).display_name == "Jeanne"


# The one year retention --------------------------------------------------------------------------


def test_it_purges_identifications_a_year_after_closure_and_only_then(alice):
    with time_machine.travel(timezone.now() - timedelta(days=400)):
        gdpr.account_close(make_user("ancien"))
    gdpr.account_close(alice)

    call_command("purge_expired_personal_data", stdout=io.StringIO())
    call_command("purge_expired_personal_data", stdout=io.StringIO())  # idempotent

    assert list(RetainedIdentification.objects.values_list("email", flat=True)) == ["alice@exemple.fr"]
    with time_machine.travel(timezone.now() + timedelta(days=366)):
        out = io.StringIO()
        call_command("purge_expired_personal_data", stdout=out)
    assert not RetainedIdentification.objects.exists()
    assert "- identifications de comptes fermés depuis plus d'un an : 1\n" in out.getvalue()


def test_it_shows_kept_identifications_to_moderators_only(
    client, alice, moderator, thematic_referent, nantes_referent
):
    gdpr.account_close(alice)
    url = "/admin/accounts/retainedidentification/"

    client.force_login(moderator)
    listing = client.get(url)
    assert listing.status_code == 200
    assert "alice@exemple.fr" in listing.content.decode()
    for referent in (thematic_referent, nantes_referent):
        client.force_login(referent)
        assert client.get(url).status_code == 403
    client.force_login(make_user("lambda"))
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={url}")  # not staff


def test_it_lets_nobody_edit_or_delete_kept_identifications(client, alice):
    retained = gdpr.account_close(alice)
    client.force_login(make_user("mona", group=MODERATION))

    assert (
        client.post(
            f"/admin/accounts/retainedidentification/{retained.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert RetainedIdentification.objects.filter(pk=retained.pk).exists()


def test_it_erases_the_messages_sent_through_the_forms_after_a_year(alice):
    from referents.models import ReferentMessage
    from tests.factories.referents import ReferentFactory

    referent = ReferentFactory()

    def write(text):
        ContactMessage.objects.create(subject="question", name="Jo", email="jo@exemple.fr", message=text)
        ReferentMessage.objects.create(referent=referent, name="Jo", email="jo@exemple.fr", message=text)

    with time_machine.travel(timezone.now() - timedelta(days=400)):
        write("Il y a longtemps")
    write("Hier")

    out = io.StringIO()
    call_command("purge_expired_personal_data", stdout=out)
    call_command("purge_expired_personal_data", stdout=io.StringIO())  # idempotent

    assert "- messages « Nous écrire » reçus il y a plus d'un an : 1\n" in out.getvalue()
    assert "- messages aux référents reçus il y a plus d'un an : 1\n" in out.getvalue()
    assert list(ContactMessage.objects.values_list("message", flat=True)) == ["Hier"]
    assert list(ReferentMessage.objects.values_list("message", flat=True)) == ["Hier"]


def test_the_events_that_stay_no_longer_carry_the_members_name(alice):
    signed = EventFactory(title="Atelier couture", organiser_name="Alice", proposed_by=alice)
    signed_too = EventFactory(title="Repas", organiser_name="Alice et ses voisins", proposed_by=alice)
    association = EventFactory(title="Marche", organiser_name="Association Les Voisins", proposed_by=alice)

    gdpr.account_close(alice)

    names = dict(Event.objects.values_list("title", "organiser_name"))
    assert names[signed.title] == names[signed_too.title] == "Un ancien membre"
    assert names[association.title] == "Association Les Voisins"
    assert not Event.objects.filter(organiser_name__icontains="alice").exists()
