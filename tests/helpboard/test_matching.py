"""Matching: an ask reaches the members whose savoirs à partager hold its words, an offer those whose
envies d'apprendre hold them; on "Mes affinités" and in the weekly digest."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events.models import PARIS
from helpboard.models import Help
from profiles.models import Tag
from tests.conftest import make_user
from tests.factories.helpboard import HelpFactory
from tests.factories.profiles import block, profile_for

pytestmark = pytest.mark.django_db

MATCHES = "/mon-profil/rencontres/"


@pytest.fixture
def karim():
    return profile_for(make_user("karim"), display_name="Karim", insee="44109").user


def _section(html):
    return html.split('id="coups-de-pouce"')[1].split("</section>")[0]


def test_an_ask_is_suggested_to_whoever_can_share_its_words(client, alice, karim):
    # Alice can write a CV (savoir) and wants to learn computing (envie).
    alice.profile.skills.set(Tag.objects.for_labels(["écrire un CV"]))
    alice.profile.wishes.set(Tag.objects.for_labels(["informatique"]))
    HelpFactory(author=karim, text="Je cherche quelqu'un pour relire mon CV.", words=["Écrire un CV"])
    HelpFactory(
        author=karim,
        kind=Help.Kind.OFFER,
        text="Je propose une initiation à l'ordinateur.",
        words=["informatique"],
    )
    HelpFactory(
        author=karim, text="Je cherche quelqu'un qui parle informatique.", words=["informatique"]
    )  # an ask: not hers to give
    HelpFactory(
        author=karim, kind=Help.Kind.OFFER, text="Je propose de relire des CV.", words=["écrire un CV"]
    )  # an offer of what she knows
    client.force_login(alice)

    section = _section(client.get(MATCHES).content.decode())

    assert "Je cherche quelqu&#x27;un pour relire mon CV." in section
    assert "vous savez : écrire un CV" in section
    assert "Je propose une initiation à l&#x27;ordinateur." in section
    assert "vous aimeriez apprendre : informatique" in section
    assert "parle informatique" not in section
    assert "Je propose de relire des CV." not in section


def test_suggestions_leave_out_mine_the_blocked_the_done_and_the_expired(client, alice, karim):
    alice.profile.skills.set(Tag.objects.for_labels(["bricolage"]))
    HelpFactory(author=alice, text="Mon propre coup de pouce de bricolage.", words=["bricolage"])
    HelpFactory(
        author=karim, text="Un coup de pouce de bricolage fini.", words=["bricolage"], status=Help.Status.DONE
    )
    HelpFactory(
        author=karim,
        text="Un coup de pouce de bricolage passé.",
        words=["bricolage"],
        until=timezone.localdate() - timedelta(days=1),
    )
    blocked = profile_for(make_user("zoe"), display_name="Zoé").user
    HelpFactory(author=blocked, text="Un coup de pouce de bricolage de Zoé.", words=["bricolage"])
    block(alice, blocked)
    client.force_login(alice)

    section = _section(client.get(MATCHES).content.decode())

    assert "Aucun pour le moment." in section


# The weekly digest -------------------------------------------------------------------------------


def _morning():
    return timezone.localtime(timezone.now(), PARIS).replace(hour=10, minute=0, second=0, microsecond=0)


@pytest.fixture(autouse=True)
def morning():
    with time_machine.travel(_morning(), tick=False):
        yield


def _digest(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_weekly_digest", stdout=io.StringIO())


def test_the_digest_brings_the_weeks_matching_coups_de_pouce(
    alice, karim, django_capture_on_commit_callbacks
):
    alice.profile.weekly_digest = True
    alice.profile.save()
    alice.profile.skills.set(Tag.objects.for_labels(["entretien d'embauche"]))
    alice.profile.wishes.set(Tag.objects.for_labels(["couture"]))
    HelpFactory(
        author=karim, text="Je cherche quelqu'un pour préparer un entretien.", words=["entretien d'embauche"]
    )
    HelpFactory(
        author=karim, kind=Help.Kind.OFFER, text="Je propose des cours de couture.", words=["couture"]
    )
    HelpFactory(
        author=karim,
        text="Un vieil appel pour un entretien.",
        words=["entretien d'embauche"],
        created=timezone.now() - timedelta(days=8),
    )

    _digest(django_capture_on_commit_callbacks)

    [email] = mail.outbox
    assert email.to == ["alice@exemple.fr"]
    assert email.subject == "[Tous voisins 44] Des coups de pouce pour vous cette semaine"
    assert "Je cherche : Je cherche quelqu'un pour préparer un entretien." in email.body
    assert "Je propose : Je propose des cours de couture." in email.body
    assert "Un vieil appel" not in email.body
    assert "/coups-de-pouce/" in email.body
    html = email.alternatives[0][0]
    assert "Des coups de pouce pour vous" in html


def test_no_digest_for_a_member_whose_words_match_nothing(alice, karim, django_capture_on_commit_callbacks):
    alice.profile.weekly_digest = True
    alice.profile.save()
    alice.profile.skills.set(Tag.objects.for_labels(["pétanque"]))
    HelpFactory(author=karim, words=["entretien d'embauche"])

    _digest(django_capture_on_commit_callbacks)

    assert mail.outbox == []
