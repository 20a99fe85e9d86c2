"""The forum in a real browser: axe-core and the house rules on its pages with data (visitor and
member), and a member who replies to a topic with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from forum.models import Post
from tests.factories.forum import PostFactory, TopicFactory
from tests.factories.profiles import ProfileFactory, profile_for

from . import checks
from .browsing import sign_in, tab_until
from .pages import Page

pytestmark = pytest.mark.browser


@pytest.fixture
def forum(page):
    """Two topics in "Emploi" (one pinned, with replies, a quote and a hidden post) and one elsewhere."""
    josiane = ProfileFactory(display_name="Josiane").user
    marcel = ProfileFactory(display_name="Marcel").user
    welcome = TopicFactory(category="emploi", title="Bienvenue dans Emploi", pinned=True, author=josiane)
    topic = TopicFactory(
        category="emploi",
        title="Préparer un entretien",
        author=josiane,
        body="Comment vous **préparez-vous** ?\n\n- le CV\n- la tenue",
    )
    PostFactory(topic=topic, author=marcel, body="> Comment vous préparez-vous ?\n\nJe répète à voix haute.")
    PostFactory(topic=topic, author=marcel, body="Publicité", hidden=True, hidden_reason="publicité")
    TopicFactory(category="solidarite", title="Une fête de quartier", body="La fête des voisins approche.")
    return {"topic": topic, "welcome": welcome}


PUBLIC_PAGES = [
    Page("/forum/", "Forum"),
    Page("/forum/emploi/", "Forum — Emploi"),
    Page("/forum/sujet/{topic}/", "Préparer un entretien — Forum Emploi"),
    Page("/forum/recherche/", "Rechercher dans le forum"),
    Page("/forum/recherche/?q=fete", "Recherche « fete » — Forum"),
    Page("/forum/recherche/?q=a", "Rechercher dans le forum"),
]


def _walk(page, entries, console_messages, failed_responses, topic):
    problems = []
    for entry in entries:
        first = topic.posts.order_by("created", "pk").first()
        entry = entry._replace(path=entry.path.format(topic=f"{topic.pk}-{topic.slug}", first=first.pk))
        response = page.goto(entry.path)
        if response.status != 200:
            problems.append(f"{entry.path} answered {response.status}")
            continue
        try:
            checks.assert_accessible(page, entry, console_messages, failed_responses)
        except AssertionError as error:
            problems.append(str(error))
    return problems


def test_the_forum_pages_are_accessible_to_visitors(page, forum, console_messages, failed_responses):
    problems = _walk(page, PUBLIC_PAGES, console_messages, failed_responses, forum["topic"])
    assert not problems, "\n\n".join(problems)


MEMBER_PAGES = [
    *PUBLIC_PAGES,
    Page("/forum/sujet/{topic}/?citer={first}", "Préparer un entretien"),
    Page("/forum/emploi/nouveau/", "Nouveau sujet — Forum Emploi"),
]


def test_the_forum_pages_are_accessible_to_a_member_with_the_forms(
    page, forum, browser_member, console_messages, failed_responses
):
    profile_for(browser_member, display_name="Alice")
    sign_in(page, browser_member)
    problems = _walk(page, MEMBER_PAGES, console_messages, failed_responses, forum["topic"])
    page.goto(forum["topic"].get_absolute_url())
    expect(page.get_by_role("button", name="Publier ma réponse")).to_be_visible()
    first = forum["topic"].posts.order_by("created").first()
    problems += _walk(
        page,
        [
            Page(f"/forum/message/{first.pk}/signaler/", "Signaler un message"),
        ],
        console_messages,
        failed_responses,
        forum["topic"],
    )
    assert not problems, "\n\n".join(problems)


def test_the_reply_form_with_errors_is_accessible(
    page, forum, browser_member, console_messages, failed_responses
):
    sign_in(page, browser_member)
    page.goto(forum["topic"].get_absolute_url())

    with page.expect_navigation():
        page.get_by_role("button", name="Publier ma réponse").click()

    assert page.title().startswith("Erreur — ")
    field = page.locator("textarea[name=body]")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert "id_body_error" in (field.get_attribute("aria-describedby") or "")
    checks.assert_accessible(
        page, Page(page.url, "Erreur — Préparer un entretien"), console_messages, failed_responses
    )


def test_a_moderator_sees_accessible_moderation_forms(page, forum, console_messages, failed_responses):
    from accounts.models import MODERATION
    from tests.conftest import make_user

    moderator = make_user("mona", group=MODERATION)
    sign_in(page, moderator)
    page.goto(forum["topic"].get_absolute_url())

    expect(page.get_by_role("heading", name="Modération du sujet")).to_be_visible()
    expect(page.locator(".forum-post__body--hidden")).to_contain_text("Publicité")
    checks.assert_accessible(
        page, Page(page.url, "Préparer un entretien"), console_messages, failed_responses
    )


def test_a_member_replies_to_a_topic_with_the_keyboard_alone(page, forum, browser_member):
    profile_for(browser_member, display_name="Alice")
    sign_in(page, browser_member)
    page.goto("/forum/")

    link = tab_until(page, lambda element: element["text"] == "Emploi", max_presses=60)
    assert link, "no link to the Emploi category by Tab"
    assert checks.focus_indicator_problem(page) is None
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert tab_until(page, lambda element: element["text"] == "Préparer un entretien", max_presses=60)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert tab_until(page, lambda element: element["name"] == "body", max_presses=80), "no reply field by Tab"
    page.keyboard.type("Merci, je vais répéter aussi !")
    button = tab_until(page, lambda element: element["text"] == "Publier ma réponse")
    assert button, "no publish button by Tab"
    assert checks.focus_indicator_problem(page) is None
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator(".forum-post").last).to_contain_text("Merci, je vais répéter aussi !")
    expect(page.locator(".forum-post").last).to_contain_text("Alice")
    assert Post.objects.filter(author=browser_member, topic=forum["topic"]).exists()
