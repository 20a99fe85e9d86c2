"""Private conversations, their unread counts and batched e-mails; blocking and reporting."""

import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from accounts.models import MODERATION, Block
from profiles.models import Conversation, Message, Profile, Report
from tests.conftest import make_user
from tests.factories.profiles import ProfileFactory, UserFactory, block, conversation_between, profile_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def alice(member):
    return profile_for(member, display_name="Alice", interests=["cuisiner"]).user


@pytest.fixture
def bob(other_member):
    return profile_for(other_member, display_name="Bob", interests=["cuisine"]).user


def _html(response):
    return response.content.decode()


def write(client, username, body):
    return client.post(f"/membres/{username}/ecrire/", {"body": body})


# Writing -----------------------------------------------------------------------------------------


def test_it_starts_a_conversation_from_a_profile(client, alice, bob):
    client.force_login(alice)

    page = client.get("/membres/bob/ecrire/")
    response = write(client, "bob", "Bonjour Bob, on cuisine ensemble ?")

    assert "<title>Écrire à Bob — Tous voisins 44</title>" in _html(page)
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response.url == f"/messages/{conversation.pk}/"
    assert conversation.started_by == alice
    [message] = conversation.messages.all()
    assert (message.sender, message.recipient, message.body) == (
        alice,
        bob,
        "Bonjour Bob, on cuisine ensemble ?",
    )
    thread = _html(client.get(response.url))
    assert "<title>Conversation avec Bob — Tous voisins 44</title>" in thread
    assert "Bonjour Bob, on cuisine ensemble ?" in thread
    assert "bob@exemple.fr" not in thread and "alice@exemple.fr" not in thread


def test_it_takes_the_existing_conversation_when_writing_again(client, alice, bob):
    conversation = conversation_between(bob, alice, "Salut !")
    client.force_login(alice)

    assert client.get("/membres/bob/ecrire/").url == f"/messages/{conversation.pk}/"
    client.post(f"/messages/{conversation.pk}/", {"body": "Salut Bob"})

    assert Conversation.objects.count() == 1
    assert list(conversation.messages.values_list("body", flat=True)) == ["Salut !", "Salut Bob"]


def test_it_keeps_the_text_when_the_message_is_empty_or_too_long(client, alice, bob):
    client.force_login(alice)

    empty = _html(write(client, "bob", "   "))
    too_long = _html(write(client, "bob", "a" * 3001))

    assert "Écrivez votre message avant de l&#x27;envoyer." in empty
    assert "Écrivez au plus 3 000 caractères (vous en avez écrit 3001)." in too_long
    assert not Message.objects.exists()


def test_it_counts_unread_messages_and_marks_them_read_when_the_thread_is_opened(client, alice, bob):
    conversation = conversation_between(alice, bob, "Un", "Deux")
    client.force_login(bob)

    inbox = _html(client.get("/messages/"))
    client.get(f"/messages/{conversation.pk}/")
    after = _html(client.get("/messages/"))

    assert "Vous avez 2 messages non lus." in inbox
    assert '<strong class="badge">2 non lus</strong>' in inbox
    assert "Vous avez lu tous vos messages." in after
    assert not Message.objects.unread_for(bob).exists()
    assert Message.objects.unread_for(alice).count() == 0  # nothing was sent to her


def test_it_shows_a_conversation_to_its_two_members_only(client, alice, bob, thematic_referent):
    conversation = conversation_between(alice, bob, "Secret")
    client.force_login(thematic_referent)

    assert client.get(f"/messages/{conversation.pk}/").status_code == 404
    assert client.post(f"/messages/{conversation.pk}/", {"body": "Intrus"}).status_code == 404


def test_it_refuses_to_write_to_a_member_who_takes_no_messages(client, alice, bob):
    Profile.objects.filter(user=bob).update(open_to_contact=False)
    client.force_login(alice)

    response = write(client, "bob", "Bonjour")

    assert response.status_code == 403
    assert "Ce membre ne reçoit pas de messages pour le moment." in _html(response)
    assert "Bonjour</textarea>" in _html(response)  # the text is kept
    assert not Message.objects.exists()


def test_it_says_the_same_to_a_member_who_was_blocked(client, alice, bob):
    conversation = conversation_between(alice, bob, "Bonjour")
    block(bob, alice)
    client.force_login(alice)

    page = _html(client.get(f"/messages/{conversation.pk}/"))
    response = client.post(f"/messages/{conversation.pk}/", {"body": "Tu es là ?"})

    assert "Ce membre ne reçoit pas de messages pour le moment." in page
    assert "bloqué" not in page
    assert response.status_code == 403
    assert conversation.messages.count() == 1


def test_it_hides_hidden_members_from_new_conversations(client, alice, bob):
    Profile.objects.filter(user=bob).update(visibility=Profile.Visibility.HIDDEN)
    client.force_login(alice)

    assert client.get("/membres/bob/ecrire/").status_code == 404
    assert write(client, "bob", "Bonjour").status_code == 404


def test_it_lets_a_new_account_start_three_conversations_a_day(client, alice):
    newcomer = profile_for(UserFactory(username="nouveau", date_joined=timezone.now())).user
    for name in ("un", "deux", "trois", "quatre"):
        ProfileFactory(user__username=name)
    client.force_login(newcomer)

    for name in ("un", "deux", "trois"):
        response = write(client, name, "Bonjour !")
        assert response.status_code == 302
        assert response["Location"] == Conversation.objects.latest("pk").get_absolute_url()
    refused = write(client, "quatre", "Bonjour quatre !")

    assert refused.status_code == 403
    html = _html(refused)
    assert "Vous avez déjà commencé 3 conversations ces dernières 24 heures." in html
    assert "Pendant sa première semaine, un compte peut en commencer 3 par jour" in html
    assert "Bonjour quatre !</textarea>" in html
    assert Conversation.objects.filter(started_by=newcomer).count() == 3
    # Replying in a conversation already started is still possible.
    conversation = Conversation.objects.filter(started_by=newcomer).first()
    response = client.post(f"/messages/{conversation.pk}/", {"body": "Et encore"})
    assert (response.status_code, response["Location"]) == (302, f"/messages/{conversation.pk}/")


def test_it_lets_an_older_account_start_more_conversations(client):
    older = ProfileFactory(user__username="ancienne").user  # signed up two months ago
    for name in ("un", "deux", "trois", "quatre"):
        ProfileFactory(user__username=name)
    client.force_login(older)

    for name in ("un", "deux", "trois", "quatre"):
        response = write(client, name, "Bonjour !")
        assert response.status_code == 302
        assert response["Location"] == Conversation.objects.latest("pk").get_absolute_url()


def test_it_slows_down_a_member_who_sends_too_many_messages(client, alice, bob):
    conversation = conversation_between(alice, bob, "Premier")
    client.force_login(alice)

    url = f"/messages/{conversation.pk}/"
    for number in range(30):
        response = client.post(url, {"body": f"Message {number}"})
        assert (response.status_code, response["Location"]) == (302, url)
    response = client.post(url, {"body": "Encore un"})

    assert response.status_code == 429
    assert "Attendez une heure" in _html(response)
    assert "Encore un</textarea>" in _html(response)


@pytest.mark.parametrize("count", [2, 25])
def test_it_lists_conversations_in_a_constant_number_of_queries(
    client, alice, count, django_assert_num_queries
):
    for number in range(count):
        other = ProfileFactory(user__username=f"voisin-{number}").user
        conversation_between(other, alice, "Bonjour")
    client.force_login(alice)

    # 1. session, 2. user, 3. suspension, 4. count, 5. the page of conversations with both
    # members' profiles, unread counts and last messages, 6. the unread total
    with django_assert_num_queries(6):
        response = client.get("/messages/")
    assert response.status_code == 200


# E-mails about new messages ----------------------------------------------------------------------


def test_it_sends_one_email_per_member_summing_up_their_new_messages(
    alice, bob, django_capture_on_commit_callbacks
):
    carol = ProfileFactory(user__username="carol", display_name="Carol").user
    conversation_between(bob, alice, "Un", "Deux")
    conversation_between(carol, alice, "Coucou")
    conversation_between(alice, bob, "Réponse")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_message_notifications", stdout=None)

    assert sorted(message.to[0] for message in mail.outbox) == ["alice@exemple.fr", "bob@exemple.fr"]
    [to_alice] = [message for message in mail.outbox if message.to == ["alice@exemple.fr"]]
    assert to_alice.subject == "[Tous voisins 44] 3 nouveaux messages"
    assert "- 2 de Bob\n- 1 de Carol" in to_alice.body
    assert "Coucou" not in to_alice.body  # the text stays on the site
    assert "carol@exemple.fr" not in to_alice.body
    assert "/messages/" in to_alice.body
    assert re.search(r"/desabonnement/[^/\s]+/", to_alice.body)


def test_it_never_tells_twice_about_the_same_message(alice, bob, django_capture_on_commit_callbacks):
    conversation = conversation_between(bob, alice, "Un")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_message_notifications")
        call_command("send_message_notifications")
    assert len(mail.outbox) == 1

    Message.objects.create(conversation=conversation, sender=bob, recipient=alice, body="Deux")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_message_notifications")

    assert len(mail.outbox) == 2
    assert "Vous avez 1 nouveau message" in mail.outbox[1].body


def test_it_does_not_tell_about_messages_already_read(alice, bob, django_capture_on_commit_callbacks):
    Message.objects.filter(pk__in=conversation_between(bob, alice, "Un").messages.values("pk")).update(
        read_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_message_notifications")

    assert mail.outbox == []


def test_it_respects_a_member_who_wants_no_message_emails(alice, bob, django_capture_on_commit_callbacks):
    Profile.objects.filter(user=alice).update(message_notifications=False)
    conversation_between(bob, alice, "Un")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_message_notifications")
    Profile.objects.filter(user=alice).update(message_notifications=True)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_message_notifications")

    assert mail.outbox == []  # no backlog when turned back on


# Blocking ----------------------------------------------------------------------------------------


def test_it_blocks_and_unblocks_a_member(client, alice, bob):
    client.force_login(alice)

    response = client.post("/membres/bob/bloquer/", {"next": "/membres/bob/"})
    blocked_page = _html(client.get("/mon-profil/membres-bloques/"))
    client.post("/membres/bob/debloquer/")

    assert response.status_code == 302 and response.url == "/membres/bob/"
    assert "Bob, bloqué le" in blocked_page
    assert not Block.objects.exists()


def test_it_stops_a_blocked_member_writing_and_drops_them_from_lists(client, alice, bob):
    client.force_login(alice)
    client.post("/membres/bob/bloquer/")

    assert "/membres/bob/" not in _html(client.get("/membres/"))
    client.force_login(bob)
    assert "/membres/alice/" not in _html(client.get("/membres/"))
    assert write(client, "alice", "Pourquoi ?").status_code == 403
    assert not Message.objects.exists()


def test_it_answers_a_blocking_request_only_by_post(client, alice, bob):
    client.force_login(alice)

    assert client.get("/membres/bob/bloquer/").status_code == 405


# Reporting ---------------------------------------------------------------------------------------


@pytest.fixture
def moderators(db):
    return make_user("mona", group=MODERATION)


def test_it_reports_a_profile_to_the_moderators(
    client, alice, bob, moderators, django_capture_on_commit_callbacks
):
    client.force_login(alice)

    page = _html(client.get("/membres/bob/signaler/"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/membres/bob/signaler/", {"reason": "publicite", "details": "Il vend des montres."}
        )

    assert "<title>Signaler un profil — Tous voisins 44</title>" in page
    report = Report.objects.get()
    assert (report.reporter, report.reported_user, report.message) == (alice, bob, None)
    assert report.status == Report.Status.NEW
    # The moderators hear of it in the next batched e-mail (tests/core/test_report_notifications.py).
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_report_notifications", stdout=io.StringIO())
    [email] = mail.outbox
    assert email.to == ["mona@exemple.fr"]
    assert f"/admin/profiles/report/{report.pk}/change/" in email.body
    assert "montres" not in email.body and "bob" not in email.body
    assert "Merci. Votre signalement est transmis" in _html(client.get(response.url))


def test_it_asks_for_a_reason(client, alice, bob):
    client.force_login(alice)

    html = _html(client.post("/membres/bob/signaler/", {"details": "Bizarre"}))

    assert "Choisissez une raison." in html
    assert "Bizarre</textarea>" in html
    assert not Report.objects.exists()


def test_it_reports_a_message_received(client, alice, bob, moderators):
    conversation = conversation_between(bob, alice, "Message déplaisant")
    message = conversation.messages.get()
    client.force_login(alice)

    page = _html(client.get(f"/messages/{conversation.pk}/signaler/{message.pk}/"))
    client.post(f"/messages/{conversation.pk}/signaler/{message.pk}/", {"reason": "harcelement"})

    assert "Message déplaisant" in page
    report = Report.objects.get()
    assert (report.reported_user, report.message) == (bob, message)


def test_it_lets_only_the_recipient_report_a_message(client, alice, bob, thematic_referent):
    conversation = conversation_between(bob, alice, "Bonjour")
    message = conversation.messages.get()
    url = f"/messages/{conversation.pk}/signaler/{message.pk}/"

    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(thematic_referent)
    assert client.get(url).status_code == 404


# No e-mail address anywhere ----------------------------------------------------------------------

EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def test_it_never_shows_an_email_address_on_any_members_page(client, alice, bob):
    Profile.objects.filter(user=bob).update(visibility=Profile.Visibility.PUBLIC, presentation="Bonjour !")
    conversation = conversation_between(bob, alice, "Bonjour Alice")
    conversation_between(alice, bob, "Bonjour Bob")
    message = conversation.messages.filter(sender=bob).first()
    block(alice, ProfileFactory(user__username="zed", display_name="Zed").user)
    pages = [
        "/",
        "/mon-profil/",
        "/mon-profil/rencontres/",
        "/membres/",
        "/membres/?interet=cuisine",
        "/membres/bob/",
        "/membres/bob/signaler/",
        "/membres/zed/",
        "/messages/",
        f"/messages/{conversation.pk}/",
        f"/messages/{conversation.pk}/signaler/{message.pk}/",
        "/mon-profil/membres-bloques/",
        "/mon-profil/mes-donnees/",
        "/mon-profil/supprimer-mon-compte/",
    ]
    seen = {}
    for who in (alice, bob, None):
        client.logout()
        if who:
            client.force_login(who)
        for path in pages:
            response = client.get(path, follow=True)
            seen[(who and who.username, path)] = response.status_code
            found = EMAIL_ADDRESS.findall(response.content.decode())
            assert not found, f"{path} as {who}: {found}"

    assert seen[("alice", "/membres/bob/")] == seen[(None, "/membres/bob/")] == 200  # public profile
    assert seen[("alice", f"/messages/{conversation.pk}/")] == 200


def test_it_tells_a_blocked_member_nothing_when_they_open_the_writing_page(client, alice, bob):
    block(bob, alice)
    client.force_login(alice)

    response = client.get("/membres/bob/ecrire/")
    profile_page = _html(client.get("/membres/bob/"))

    html = _html(response)
    assert "Ce membre ne reçoit pas de messages pour le moment." in html
    for page in (html.lower(), profile_page.lower()):
        assert "vous a bloqué" not in page and "bloqué par" not in page and "vous êtes bloqué" not in page
    assert "Bob ne reçoit pas de messages pour le moment." in profile_page


def test_it_counts_unread_messages_for_the_layout_only_when_shown(rf, alice, bob, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    from profiles.context_processors import unread_messages

    conversation_between(bob, alice, "Un", "Deux")
    request = rf.get("/")
    request.user = alice
    template = Template(
        "{% if unread_messages %}{{ unread_messages }} non lu{{ unread_messages|pluralize }}{% endif %}"
    )

    with django_assert_num_queries(0):
        context = unread_messages(request)  # lazy: a page that does not show it pays nothing
    with django_assert_num_queries(1):  # one query, however many times the layout uses it
        assert template.render(Context(context)) == "2 non lus"
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert template.render(Context(unread_messages(request))) == ""
