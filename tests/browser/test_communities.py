"""Communautés in a real browser: axe-core and the house rules on a community's page (visitor,
member, host) and the hosts' form; and the story of a member who joins the community of a
recurring event from its page, reads the hosts' message and posts in its discussion, with the
keyboard alone where a person would use it."""

import re

import pytest
from playwright.sync_api import expect

from . import checks
from .browsing import sign_in, tab_until
from .pages import Page

pytestmark = pytest.mark.browser


@pytest.fixture
def story(page, browser_member):
    from communities.services import host_message_send
    from tests.conftest import make_user
    from tests.factories import EventFactory, next_local
    from tests.factories.communities import CommunityFactory, guest
    from tests.factories.forum import TopicFactory
    from tests.factories.profiles import profile_for

    host = profile_for(make_user("martine"), display_name="Martine").user
    alice = profile_for(browser_member, display_name="Alice").user
    event = EventFactory(title="Atelier cuisine du mardi", recurrence="FREQ=WEEKLY", start=next_local(days=2))
    community = CommunityFactory(
        name="Les cuisiniers du mardi à Rezé",
        events=[event],
        hosts=[host],
        welcome_message="Bienvenue ! Demandez Martine à l'entrée.",
    )
    community.memberships.create(user=host)
    guest(community, first_name="Josiane")
    host_message_send(
        community=community, author=host, subject="Pas d'atelier le 24", body="La salle est fermée."
    )
    TopicFactory(category=community.category, author=host, title="Les recettes de l'hiver", body="La soupe !")
    return {"host": host, "alice": alice, "event": event, "community": community}


def test_a_community_page_is_accessible_to_a_visitor(page, story, console_messages, failed_responses):
    community = story["community"]

    assert page.goto(community.get_absolute_url()).status == 200
    checks.assert_accessible(
        page, Page(community.get_absolute_url(), community.name), console_messages, failed_responses
    )


def test_a_community_page_and_its_form_are_accessible_to_a_host(
    page, story, console_messages, failed_responses
):
    community = story["community"]
    sign_in(page, story["host"])

    page.goto(community.get_absolute_url())
    expect(page.get_by_role("heading", name="Pour les hôtes")).to_be_visible()
    checks.assert_accessible(
        page, Page(community.get_absolute_url(), community.name), console_messages, failed_responses
    )
    write = f"/communautes/{community.slug}/ecrire-aux-membres/"
    page.goto(write)
    checks.assert_accessible(page, Page(write, "Écrire aux membres"), console_messages, failed_responses)
    # The click starts a navigation: wait for the answer before reading the page.
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer aux membres").click()
    expect(page).to_have_title(re.compile("^Erreur"))
    checks.assert_accessible(
        page, Page(write, "Erreur — Écrire aux membres"), console_messages, failed_responses
    )


def test_a_member_joins_from_the_event_reads_the_hosts_message_and_posts(
    page, story, console_messages, failed_responses
):
    community, event = story["community"], story["event"]
    sign_in(page, story["alice"])
    page.goto(event.get_absolute_url())

    button = tab_until(
        page,
        lambda element: element["text"].startswith("Rejoindre la communauté de cette rencontre"),
        max_presses=80,
    )
    assert button is not None
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Le mot des hôtes : Bienvenue ! Demandez Martine à l'entrée.")).to_be_visible()
    expect(page.get_by_text("Vous êtes membre de la communauté.")).to_be_visible()

    page.get_by_role("link", name=community.name).click()
    expect(page.get_by_role("heading", name="Pas d'atelier le 24")).to_be_visible()
    checks.assert_accessible(
        page, Page(community.get_absolute_url(), community.name), console_messages, failed_responses
    )
    page.get_by_role("link", name="Les recettes de l'hiver").click()
    page.get_by_label("Votre réponse").fill("Et moi, une tarte aux poireaux.")
    page.get_by_role("button", name="Publier ma réponse").click()
    expect(page.get_by_text("Et moi, une tarte aux poireaux.")).to_be_visible()


def test_the_communities_admin_passes_axe_for_a_referent(page, story, console_messages, failed_responses):
    from accounts.models import TERRITORY_REFERENTS
    from tests.conftest import NANTES_METROPOLE, make_user

    from .test_admin_referents import admin_problems, sign_in_admin

    make_user("nadia", group=TERRITORY_REFERENTS, sirens=[NANTES_METROPOLE])
    sign_in_admin(page, "nadia")
    community = story["community"]
    problems = []
    for path in [
        "/admin/communities/community/",
        "/admin/communities/community/add/",
        f"/admin/communities/community/{community.pk}/change/",
    ]:
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        problems += [
            f"{path}: {problem}" for problem in admin_problems(page, console_messages, failed_responses)
        ]
    assert not problems, "\n".join(problems)
