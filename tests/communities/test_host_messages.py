"""What the hosts do: write to all the members (one task for all the e-mails, each with its own
one-click unsubscribe), welcome newcomers, see who comes to the next date and whom to call."""

import html
import re

import pytest
from django.core import mail

from communities.models import HostMessage
from communities.services import host_message_send
from events.models import Participation, ProxyRegistration
from tests.conftest import make_user
from tests.factories import EventFactory, next_local
from tests.factories.communities import CommunityFactory, guest
from tests.factories.profiles import ProfileFactory, profile_for

pytestmark = pytest.mark.django_db


def _html(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def host(member):
    return profile_for(member, display_name="Martine").user


@pytest.fixture
def members():
    return [ProfileFactory(display_name=name).user for name in ("Karim", "Lucie", "Paul")]


@pytest.fixture
def community(host, members):
    return CommunityFactory(name="Les cuisiniers du mardi", hosts=[host], members=members)


def test_a_host_writes_to_all_members_in_one_batch(
    client, host, members, community, django_capture_on_commit_callbacks
):
    client.force_login(host)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            f"/communautes/{community.slug}/ecrire-aux-membres/",
            {
                "subject": "Pas d'atelier mardi",
                "body": "La salle est fermée. On se retrouve le mardi suivant.",
            },
        )

    assert response.status_code == 302
    assert len(callbacks) == 1  # one task for all the members
    assert sorted(email.to[0] for email in mail.outbox) == sorted(user.email for user in members)
    email = mail.outbox[0]
    assert email.subject == "[Tous voisins 44] Les cuisiniers du mardi : Pas d'atelier mardi"
    assert (
        "Martine, hôte de la communauté « Les cuisiniers du mardi », écrit à tous ses membres" in email.body
    )
    assert "La salle est fermée." in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Pour ne plus recevoir les messages des hôtes de vos communautés, un clic suffit" in email.body
    message = HostMessage.objects.get()
    assert message.recipient_count == 3


def test_each_member_unsubscribes_in_one_click(
    client, members, community, host, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        host_message_send(community=community, author=host, subject="Premier", body="Bonjour à tous.")
    karim_email = next(email for email in mail.outbox if email.to == [members[0].email])
    link = re.search(r"<(https?://[^>]+)>", karim_email.extra_headers["List-Unsubscribe"]).group(1)

    response = client.post("/" + link.split("/", 3)[3], {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    members[0].profile.refresh_from_db()
    assert not members[0].profile.community_messages
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        host_message_send(community=community, author=host, subject="Second", body="Re-bonjour.")
    assert sorted(email.to[0] for email in mail.outbox) == sorted(user.email for user in members[1:])


def test_members_read_the_hosts_messages_on_the_page(client, members, community, host):
    host_message_send(
        community=community, author=host, subject="Pas d'atelier mardi", body="La salle est fermée."
    )
    client.force_login(members[0])

    page = _html(client.get(community.get_absolute_url()))

    assert "Les messages des hôtes" in page
    assert "Pas d'atelier mardi" in page
    assert "Pas d'atelier mardi" not in _html(type(client)().get(community.get_absolute_url()))


def test_only_hosts_may_write_to_members(client, members, community):
    client.force_login(members[0])

    assert client.get(f"/communautes/{community.slug}/ecrire-aux-membres/").status_code == 403
    response = client.post(
        f"/communautes/{community.slug}/ecrire-aux-membres/", {"subject": "Spam", "body": "Spam"}
    )
    assert response.status_code == 403
    assert not HostMessage.objects.exists()


def test_a_message_without_subject_is_refused_beside_the_field(client, host, community):
    client.force_login(host)

    response = client.post(
        f"/communautes/{community.slug}/ecrire-aux-membres/", {"subject": "", "body": "Gardé"}
    )

    assert response.status_code == 200
    page = _html(response)
    assert "Écrivez l'objet de l'e-mail." in page
    assert "Gardé</textarea>" in page


def test_a_host_writes_the_welcome_message_newcomers_read(client, host, community, other_member):
    client.force_login(host)
    client.post(
        f"/communautes/{community.slug}/mot-d-accueil/", {"welcome_message": "Bienvenue, demandez Martine !"}
    )
    community.refresh_from_db()
    assert community.welcome_message == "Bienvenue, demandez Martine !"

    client.force_login(other_member)
    page = _html(client.post(f"/communautes/{community.slug}/rejoindre/", follow=True))
    assert "Le mot des hôtes : Bienvenue, demandez Martine !" in page


def test_hosts_see_who_comes_to_the_next_date_and_whom_to_call(client, host, members, community):
    event = EventFactory(title="Atelier cuisine", recurrence="FREQ=WEEKLY", start=next_local(days=2))
    community.events.add(event)
    first = event.occurrences.order_by("start").first()
    Participation.objects.create(occurrence=first, user=members[1])
    ProxyRegistration.objects.create(
        occurrence=first, first_name="Odette", phone="0240556677", consent_given_on=first.start.date()
    )
    guest(community, first_name="Josiane", phone="02 40 11 22 33")
    client.force_login(host)

    page = _html(client.get(community.get_absolute_url()))

    assert "Qui vient à la prochaine rencontre ?" in page
    assert "Lucie, Odette (inscrite par un référent" in page
    assert 'Josiane : <a href="tel:+33240112233">02 40 11 22 33</a>' in page


def test_members_do_not_see_the_hosts_tools_nor_the_phone_numbers(client, members, community):
    guest(community, first_name="Josiane", phone="02 40 11 22 33")
    client.force_login(members[0])

    page = _html(client.get(community.get_absolute_url()))

    assert "Pour les hôtes" not in page
    assert "Josiane" not in page and "02 40 11 22 33" not in page
    assert "4 membres" in page


def test_a_moderator_may_act_as_host(client, community):
    client.force_login(make_user("mod", group="Modération"))

    assert client.get(f"/communautes/{community.slug}/ecrire-aux-membres/").status_code == 200
