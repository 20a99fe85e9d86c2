"""The error summary at the top of every form sent with errors (issue 17, items 4 and 9): how many
errors in French, the errors that belong to no field first, then one link per field error whose
target is an input of the page, so following it reaches the field. Each form is posted empty."""

import html
import re
from dataclasses import dataclass

import pytest

from events.models import Participation
from tests.conftest import PASSWORD
from tests.factories import EventFactory
from tests.factories.forum import PostFactory, TopicFactory
from tests.factories.profiles import profile_for
from tests.factories.referents import ReferentFactory

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(r'<div class="error-summary"[^>]*>(.*?)</div>', re.S)


@dataclass
class Case:
    name: str
    user: str  # a persona fixture, or "" for a visitor
    url: str  # may name the objects of _objects(): "{post_pk}", "{event_url}"…
    page: str = ""  # where the form shows, when it is not at its own address
    status: int = 200

    def __str__(self):
        return self.name


def _objects(member, other_member):
    topic = TopicFactory(category="emploi", title="Un atelier CV", author=member)
    profile_for(member, display_name="Alice")
    profile_for(other_member, display_name="Bob")
    event = EventFactory(title="Chorale", proposed_by=member)
    date = event.occurrences.get()
    # One asks to be accompanied to a date one comes to.
    Participation.objects.create(occurrence=date, user=member)
    return {
        "topic": topic,
        "event": event,
        "date": date,
        "post": PostFactory(topic=topic, author=member, body="Bonjour à tous."),
        "referent": ReferentFactory(public_name="Sophie", themes=["emploi"]),
    }


CASES = [
    Case("contact", "", "/contact/"),
    Case("sign-up", "", "/comptes/signup/"),
    Case("sign-in", "", "/comptes/login/"),
    Case("password reset", "", "/comptes/password/reset/"),
    Case("password change", "member", "/comptes/password/change/"),
    Case("proposal", "member", "/agenda/proposer/"),
    Case("new topic", "member", "/forum/emploi/nouveau/"),
    Case("forum reply", "member", "{topic_url}repondre/", page="{topic_url}"),
    Case("forum edit", "member", "/forum/message/{post_pk}/modifier/"),
    Case("forum report", "other_member", "/forum/message/{post_pk}/signaler/"),
    Case("forum hide", "moderator", "/forum/message/{post_pk}/masquer/"),
    Case("message", "member", "/membres/bob/ecrire/"),
    Case("profile report", "member", "/membres/bob/signaler/"),
    Case("my profile", "member", "/mon-profil/"),
    Case("account deletion", "member", "/mon-profil/supprimer-mon-compte/"),
    Case("referent contact", "", "/referents/{referent_pk}/"),
    Case("register someone", "member", "{event_url}inscrire-quelqu-un/"),
    Case("accompaniment", "member", "{event_url}accompagnement/demander/?date={date_pk}", status=400),
]


def _fill(value, objects):
    return value.format(
        topic_url=objects["topic"].get_absolute_url(),
        post_pk=objects["post"].pk,
        referent_pk=objects["referent"].pk,
        event_url=objects["event"].get_absolute_url(),
        date_pk=objects["date"].pk,
    )


def blank_form(page):
    """What a browser sends for the page's last post form left untouched: hidden fields with their
    value, text fields and lists blank, no box ticked."""
    form = re.findall(r'<form method="post".*?</form>', page, re.S)[-1]
    data = {}
    for tag in re.findall(r"<(?:input|textarea|select)\b[^>]*>", form):
        name = re.search(r'\bname="([^"]+)"', tag)
        kind = re.search(r'\btype="([^"]+)"', tag)
        if not name or (kind and kind.group(1) in ("radio", "checkbox", "submit")):
            continue
        value = re.search(r'\bvalue="([^"]*)"', tag) if kind and kind.group(1) == "hidden" else None
        data[name.group(1)] = html.unescape(value.group(1)) if value else ""
    return data


def post_empty(client, request, case):
    objects = _objects(request.getfixturevalue("member"), request.getfixturevalue("other_member"))
    if case.user:
        client.force_login(request.getfixturevalue(case.user))
    url = _fill(case.url, objects)
    form_page = client.get(_fill(case.page or case.url, objects)).content.decode()
    response = client.post(url, blank_form(form_page))
    assert response.status_code == case.status, f"{case}: {response.status_code}"
    return response.content.decode()


def summary_of(page):
    found = SUMMARY.findall(page)
    assert len(found) == 1, f"{len(found)} error summaries"
    return found[0]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_every_form_sent_empty_shows_one_summary_whose_links_reach_the_fields(client, request, case):
    page = post_empty(client, request, case)

    summary = summary_of(page)
    items = re.findall(r"<li>(.*?)</li>", summary, re.S)
    count = len(items)
    expected = "1 erreur à corriger" if count == 1 else f"{count} erreurs à corriger"
    assert count >= 1
    assert f'id="error-summary-title">{expected}</h2>' in summary
    assert "<title>Erreur — " in page
    targets = re.findall(r'<a href="#([^"]+)"', summary)
    assert targets, "no error is linked to its field"
    for target in targets:
        # The target is an input, select or textarea of the page, not a label or a fieldset.
        assert re.search(rf'<(input|select|textarea)\b[^>]*\bid="{re.escape(target)}"', page), target
    # The older messages above the forms are gone: the summary is the only one.
    assert "Corrigez ce qui est signalé ci-dessous" not in page


def test_the_summary_takes_the_focus_without_javascript(client):
    page = client.post("/contact/", {"body": ""}).content.decode()

    box = re.search(r'<div class="error-summary"[^>]*>', page).group(0)
    assert 'tabindex="-1"' in box
    assert "autofocus" in box
    # Nothing else on the page asks for the focus first.
    assert page.count("autofocus") == 1


def test_it_counts_errors_in_french_and_links_each_to_its_field(client):
    page = client.post("/contact/", {"email": "alice@exemple.fr"}).content.decode()

    summary = html.unescape(summary_of(page))
    assert (
        "<strong>Votre message n'est pas encore parti.</strong> Ce que vous avez écrit est gardé." in summary
    )
    links = re.findall(r'<a href="#([^"]+)">(.*?)</a>', summary)
    # In the form's order; the radio group's link goes to its first button.
    assert links == [
        ("id_subject_0", "Sujet de votre message : Choisissez le sujet de votre message."),
        (
            "id_name",
            "Votre nom : Écrivez votre nom, ou un prénom, pour que nous sachions comment vous répondre.",
        ),
        ("id_message", "Votre message : Écrivez votre message."),
    ]
    assert 'id="error-summary-title">3 erreurs à corriger</h2>' in summary


def test_it_says_one_error_in_the_singular(client, member):
    client.force_login(member)

    page = client.post("/mon-profil/supprimer-mon-compte/", {"password": PASSWORD}).content.decode()

    summary = summary_of(page)
    assert 'id="error-summary-title">1 erreur à corriger</h2>' in summary
    assert '<a href="#id_confirm">' in summary


def test_errors_that_belong_to_no_field_come_first_without_a_link(client, member):
    page = client.post("/comptes/login/", {"login": "alice@exemple.fr", "password": "pas le bon"})

    summary = html.unescape(summary_of(page.content.decode()))
    items = [item.strip() for item in re.findall(r"<li>(.*?)</li>", summary, re.S)]
    assert items == ["L’adresse e-mail ou le mot de passe sont incorrects."]
    assert 'id="error-summary-title">1 erreur à corriger</h2>' in summary


def test_a_radio_group_links_to_its_first_button(client, member):
    client.force_login(member)
    profile_for(member, display_name="Alice")

    page = client.post("/mon-profil/", {"display_name": "Alice", "visibility": "nulle-part"}).content.decode()

    summary = summary_of(page)
    assert '<a href="#id_visibility_0">' in summary
    assert 'id="id_visibility_0"' in page


def test_a_form_without_errors_shows_no_summary(client):
    assert "error-summary" not in client.get("/contact/").content.decode()
