"""Every e-mail in its reader's language (issue 15): the subject and the body follow the language the
recipient's account chose (User.language), whatever the language of the page or the command that
sent it; an address without an account reads French, or the page's for allauth's own e-mails."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext, ngettext

from accounts.models import User
from events.models import Event, Participation
from events.services import event_publish, event_save
from forum.models import Subscription
from tests.conftest import PASSWORD, make_user
from tests.factories import EventFactory
from tests.factories.communities import CommunityFactory
from tests.factories.forum import PostFactory, TopicFactory
from tests.factories.helpboard import HelpFactory
from tests.factories.profiles import ProfileFactory, conversation_between, profile_for
from tests.factories.referents import ReferentFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # a Thursday, after 8 a.m.


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def in_language(language, text):
    """`text` as the catalogue of `language` says it (checked to differ from the French)."""
    with translation.override(language):
        translated = gettext(text)
    assert translated != text, (language, text)
    return translated


def speaks(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return user


def sent_to(address):
    [message] = [message for message in mail.outbox if message.to == [address]]
    return message


def html_of(message):
    return message.alternatives[0][0]


# The agenda -------------------------------------------------------------------------------------


def test_a_proposer_who_reads_english_learns_in_english_that_the_event_is_published(
    member, django_capture_on_commit_callbacks
):
    speaks(member, "en")
    event = EventFactory(title="Repair café", status=Event.Status.PROPOSED, proposed_by=member)

    with django_capture_on_commit_callbacks(execute=True):
        event_publish(event=event)  # a referent's work, in French

    message = sent_to(member.email)
    assert message.subject == "[Tous voisins 44] Your event is published: Repair café"
    assert "Good news: the event you proposed is published" in message.body
    assert "Bonne nouvelle" not in message.body
    assert '<html lang="en">' in html_of(message)


def test_a_french_proposer_reads_french_when_the_referent_browses_in_english(
    member, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Repair café", status=Event.Status.PROPOSED, proposed_by=member)

    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        event_publish(event=event)

    message = sent_to(member.email)
    assert message.subject == "[Tous voisins 44] Votre rencontre est publiée : Repair café"
    assert "Bonne nouvelle : la rencontre que vous avez proposée est publiée" in message.body


def move_a_date(participant, capture, *, page_language="fr"):
    event = EventFactory(title="Balade", start=datetime(2026, 12, 1, 14, tzinfo=PARIS))
    Participation.objects.create(occurrence=event.occurrences.get(), user=participant)
    event.start += timedelta(hours=1)
    event.end += timedelta(hours=1)
    with capture(execute=True), translation.override(page_language):
        event_save(event=event, themes=event.themes.all())
    return sent_to(participant.email)


def test_a_participant_who_reads_ukrainian_gets_the_change_of_date_in_ukrainian(
    other_member, django_capture_on_commit_callbacks
):
    speaks(other_member, "uk")

    message = move_a_date(other_member, django_capture_on_commit_callbacks)

    title = in_language("uk", "Changement de date : %(title)s") % {"title": "Balade"}
    assert message.subject == f"[Tous voisins 44] {title}"
    # The line made in Python, its dates in words included, is Ukrainian too.
    now_on = in_language("uk", "%(old)s : la rencontre a maintenant lieu le %(new)s.").split("%(new)s")[0]
    now_on = now_on.split("%(old)s")[1]
    assert now_on in message.body
    assert "la rencontre a maintenant lieu" not in message.body
    assert "décembre" not in message.body
    assert "Toutes les dates à jour" not in message.body


def test_a_french_participant_gets_the_change_of_date_in_french_whatever_the_sender_reads(
    other_member, django_capture_on_commit_callbacks
):
    message = move_a_date(other_member, django_capture_on_commit_callbacks, page_language="en")

    assert message.subject == "[Tous voisins 44] Changement de date : Balade"
    assert (
        "- Mardi 1er décembre 2026, de 14 h à 16 h : la rencontre a maintenant lieu le mardi 1er décembre"
        " 2026, de 15 h à 17 h." in message.body
    )
    assert "December" not in message.body


def test_the_first_in_line_who_reads_english_is_offered_the_place_in_english(
    member, django_capture_on_commit_callbacks
):
    from events.services import participation_leave
    from events.services_waiting_list import waiting_list_join

    speaks(member, "en")
    start = datetime(2026, 12, 8, 14, tzinfo=PARIS)
    event = EventFactory(title="Atelier cuisine", start=start, end=start + timedelta(hours=2), capacity=1)
    occurrence = event.occurrences.get()
    leaving = make_user("venu")
    Participation.objects.create(occurrence=occurrence, user=leaving)
    waiting_list_join(occurrence=occurrence, user=member)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert participation_leave(occurrence=occurrence, user=leaving)  # on a French page

    message = sent_to(member.email)
    assert message.subject == "[Tous voisins 44] A place has become free: Atelier cuisine"
    # The dates made in Python (the date, the deadline to confirm) are in English too.
    assert "December" in message.body and "November" in message.body
    assert "décembre" not in message.body
    assert "novembre" not in message.body


# The forum --------------------------------------------------------------------------------------


def send_forum_replies(member, capture, *, command_language="fr"):
    topic = TopicFactory(author=member, title="Qui a une perceuse ?", created=NOW - timedelta(days=1))
    Subscription.objects.create(user=member, topic=topic, notified_until=topic.created)
    PostFactory(topic=topic, created=NOW - timedelta(minutes=5))
    with capture(execute=True), translation.override(command_language):
        call_command("send_forum_notifications", stdout=io.StringIO())
    return sent_to(member.email)


def test_a_forum_reply_notification_in_arabic(member, django_capture_on_commit_callbacks):
    speaks(member, "ar")

    message = send_forum_replies(member, django_capture_on_commit_callbacks)

    title = in_language("ar", "Nouvelles réponses : %(title)s") % {"title": "Qui a une perceuse ?"}
    assert message.subject == f"[Tous voisins 44] {title}"
    assert "Nouvelles réponses" not in message.subject
    assert "Il y a du nouveau" not in message.body
    assert '<html lang="ar" dir="rtl">' in html_of(message)


def test_a_forum_reply_notification_in_french_when_the_command_runs_in_english(
    member, django_capture_on_commit_callbacks
):
    message = send_forum_replies(member, django_capture_on_commit_callbacks, command_language="en")

    assert message.subject == "[Tous voisins 44] Nouvelles réponses : Qui a une perceuse ?"
    assert "Il y a du nouveau dans le sujet que vous suivez" in message.body


# The communities ----------------------------------------------------------------------------------


def test_each_member_reads_the_hosts_message_in_their_own_language(
    client, member, django_capture_on_commit_callbacks
):
    host = profile_for(member, display_name="Martine").user
    karim = speaks(ProfileFactory(display_name="Karim").user, "en")
    lucie = ProfileFactory(display_name="Lucie").user
    community = CommunityFactory(name="Les cuisiniers du mardi", hosts=[host], members=[karim, lucie])
    client.force_login(host)
    client.cookies["langue"] = "uk"  # the host writes from the Ukrainian pages

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/communautes/{community.slug}/ecrire-aux-membres/",
            {"subject": "Pas d'atelier mardi", "body": "La salle est fermée."},
        )

    assert response.status_code == 302
    english = sent_to(karim.email)
    assert english.subject == "[Tous voisins 44] Les cuisiniers du mardi: Pas d'atelier mardi"
    assert "Martine, host of the community “Les cuisiniers du mardi”, is writing to all its members:" in (
        english.body
    )
    assert "hôte de la communauté" not in english.body
    assert "La salle est fermée." in english.body  # what the host wrote is never translated
    assert "To stop getting the messages from the hosts of your communities, one click is enough" in (
        english.body
    )
    french = sent_to(lucie.email)
    assert french.subject == "[Tous voisins 44] Les cuisiniers du mardi : Pas d'atelier mardi"
    assert (
        "Martine, hôte de la communauté « Les cuisiniers du mardi », écrit à tous ses membres" in french.body
    )


def test_the_hosts_message_without_an_author_is_signed_by_the_hosts_in_the_reader_language(
    member, django_capture_on_commit_callbacks
):
    from communities.services import host_message_send

    host = profile_for(member, display_name="Martine").user
    karim = speaks(ProfileFactory(display_name="Karim").user, "en")
    community = CommunityFactory(name="Les cuisiniers du mardi", hosts=[host], members=[karim])

    with django_capture_on_commit_callbacks(execute=True):
        host_message_send(community=community, author=None, subject="Fermé", body="La salle est fermée.")

    body = sent_to(karim.email).body
    assert "The hosts" in body
    assert "Les hôtes" not in body


# The coups de pouce and the private messages ------------------------------------------------------


def test_an_answer_to_a_coup_de_pouce_is_announced_in_the_author_language(
    client, alice, bob, django_capture_on_commit_callbacks
):
    speaks(alice, "uk")
    help = HelpFactory(author=alice, text="Je cherche quelqu'un pour préparer un entretien d'embauche.")
    client.force_login(bob)  # Bob answers from the French pages
    response = client.post(f"/coups-de-pouce/{help.pk}/repondre/", {"body": "Bonjour, j'ai été recruteur."})
    assert response.status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_message_notifications", stdout=io.StringIO())

    message = sent_to(alice.email)
    with translation.override("uk"):
        subject = ngettext("%(count)s nouveau message", "%(count)s nouveaux messages", 1) % {"count": 1}
    assert subject != "1 nouveau message"
    assert message.subject == f"[Tous voisins 44] {subject}"
    assert "nouveau message" not in message.body
    assert "Bonjour, j'ai été recruteur." not in message.body  # never copied into an e-mail


def test_the_new_messages_email_is_french_for_a_french_member_when_the_command_runs_in_english(
    member, other_member, django_capture_on_commit_callbacks
):
    profile_for(other_member, display_name="Bob")
    conversation_between(other_member, member, "Hello", "Tu viens samedi ?")

    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        call_command("send_message_notifications", stdout=io.StringIO())

    message = sent_to(member.email)
    assert message.subject == "[Tous voisins 44] 2 nouveaux messages"
    assert "Vous avez 2 nouveaux messages sur Tous voisins 44 :" in message.body


# The referents ------------------------------------------------------------------------------------


def write_to_referent(client, referent, capture, *, email="jeanne.martin@exemple.org"):
    data = {"name": "Jeanne", "email": email, "message": "Bonjour, une question.", "website": ""}
    with capture(execute=True):
        assert client.post(f"/referents/{referent.pk}/", data).status_code == 302


def test_a_referent_who_reads_english_gets_the_message_in_english(client, django_capture_on_commit_callbacks):
    referent = ReferentFactory(public_name="Sophie", user=make_user("sophie", language="en"))

    write_to_referent(client, referent, django_capture_on_commit_callbacks)  # a French page

    message = sent_to(referent.user.email)
    assert message.subject == "[Tous voisins 44] A message for you, from Jeanne"
    assert "Jeanne wrote to you through the Tous voisins 44 website." in message.body
    assert "vous a écrit" not in message.body
    assert "Bonjour, une question." in message.body
    # The visitor, who has no account, wrote from the French page: French.
    acknowledgement = sent_to("jeanne.martin@exemple.org")
    assert acknowledgement.subject == "[Tous voisins 44] Votre message à Sophie est bien parti"


def test_a_french_referent_gets_french_when_the_visitor_writes_from_the_english_pages(
    client, django_capture_on_commit_callbacks
):
    referent = ReferentFactory(public_name="Sophie", user=make_user("sophie"))
    client.cookies["langue"] = "en"

    write_to_referent(client, referent, django_capture_on_commit_callbacks)

    message = sent_to(referent.user.email)
    assert message.subject == "[Tous voisins 44] Un message pour vous, de Jeanne"
    assert "Jeanne vous a écrit par le site Tous voisins 44." in message.body
    # The visitor without an account reads the acknowledgement in the page's language.
    acknowledgement = sent_to("jeanne.martin@exemple.org")
    assert acknowledgement.subject == "[Tous voisins 44] Your message to Sophie has been sent"
    assert "Votre message" not in acknowledgement.body


def test_a_member_who_writes_to_a_referent_gets_the_acknowledgement_in_their_language(
    client, member, django_capture_on_commit_callbacks
):
    speaks(member, "ar")
    referent = ReferentFactory(public_name="Sophie", user=make_user("sophie"))
    client.force_login(member)

    write_to_referent(client, referent, django_capture_on_commit_callbacks, email=member.email)

    acknowledgement = sent_to(member.email)
    assert "Votre message" not in acknowledgement.subject
    assert '<html lang="ar" dir="rtl">' in html_of(acknowledgement)
    assert sent_to(referent.user.email).subject == "[Tous voisins 44] Un message pour vous, de Jeanne"


# allauth's e-mails ------------------------------------------------------------------------------


def test_a_password_reset_asked_from_a_french_page_is_written_in_the_member_language(
    client, member, django_capture_on_commit_callbacks
):
    speaks(member, "en")

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comptes/password/reset/", {"email": member.email})

    message = sent_to(member.email)
    assert message.subject == "[Tous voisins 44] Choose a new password"
    assert "You asked to change the password of your Tous voisins 44 account." in message.body
    assert "Bonjour" not in message.body


def test_a_french_member_reads_the_password_reset_in_french_asked_from_an_english_page(
    client, member, django_capture_on_commit_callbacks
):
    client.cookies["langue"] = "en"

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comptes/password/reset/", {"email": member.email})

    message = sent_to(member.email)
    assert message.subject == "[Tous voisins 44] Choisir un nouveau mot de passe"
    assert "Vous avez demandé à changer le mot de passe" in message.body


def test_a_person_who_signs_up_in_arabic_confirms_the_address_in_arabic_and_keeps_that_language(
    client, django_capture_on_commit_callbacks
):
    client.cookies["langue"] = "ar"
    data = {"email": "samira@exemple.fr", "password1": PASSWORD, "password2": PASSWORD, "charter": "on"}

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/comptes/signup/", data).status_code == 302

    message = sent_to("samira@exemple.fr")
    subject = in_language("ar", "Confirmez votre adresse e-mail")
    assert message.subject == f"[Tous voisins 44] {subject}"
    assert in_language("ar", "Bienvenue sur Tous voisins 44 !") in message.body
    assert "Bienvenue" not in message.body
    assert User.objects.get(email="samira@exemple.fr").language == "ar"


def test_a_member_who_reads_ukrainian_confirms_a_new_address_in_ukrainian(
    client, member, django_capture_on_commit_callbacks
):
    speaks(member, "uk")
    client.force_login(member)  # the French pages

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/comptes/email/", {"action_add": "", "email": "alice.nouvelle@exemple.fr"})

    assert response.status_code == 302
    message = sent_to("alice.nouvelle@exemple.fr")
    assert message.subject == "[Tous voisins 44] " + in_language("uk", "Confirmez votre adresse e-mail")
    assert in_language("uk", "Bonjour,") in message.body
    assert "Bonjour" not in message.body


# The reports to deal with -------------------------------------------------------------------------


def test_a_referent_who_reads_english_gets_each_report_summed_up_in_english(
    client, member, django_capture_on_commit_callbacks
):
    moderator = make_user("moderatrice", group="Modération", language="en")
    make_user("bob")
    client.force_login(member)
    assert client.post("/membres/bob/signaler/", {"reason": "faux-profil"}).status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_report_notifications", stdout=io.StringIO())  # a command, in French

    body = sent_to(moderator.email).body
    assert "A member's profile: " in body
    assert "Profil d'un membre" not in body
