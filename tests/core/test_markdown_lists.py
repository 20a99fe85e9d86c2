"""Item 4: lists, numbered lists and line breaks render as people type them, in forum posts and
event descriptions: a list right under a sentence, without a blank line, is still a list."""

import pytest

from forum.forms import BODY_HELP
from tests.factories import EventFactory
from tests.factories.forum import TopicFactory
from tousvoisins.text import markdown_to_html, markdown_to_text

# typed -> what the page must contain
CASES = [
    pytest.param(
        "Nous pouvons partager :\n- lundi\n- jeudi",
        "<p>Nous pouvons partager :</p>\n<ul>\n<li>lundi</li>\n<li>jeudi</li>\n</ul>",
        id="dash-list-under-a-sentence",
    ),
    pytest.param(
        "Nous pouvons partager :\n* lundi\n* jeudi",
        "<p>Nous pouvons partager :</p>\n<ul>\n<li>lundi</li>\n<li>jeudi</li>\n</ul>",
        id="star-list-under-a-sentence",
    ),
    pytest.param(
        "Pour venir :\n1. prendre le tram 1\n2. descendre à Commerce",
        "<p>Pour venir :</p>\n<ol>\n<li>prendre le tram 1</li>\n<li>descendre à Commerce</li>\n</ol>",
        id="numbered-list-under-a-sentence",
    ),
    pytest.param(
        "Nous pouvons partager :\n\n- lundi\n- jeudi",
        "<p>Nous pouvons partager :</p>\n<ul>\n<li>lundi</li>\n<li>jeudi</li>\n</ul>",
        id="list-after-a-blank-line-as-before",
    ),
    pytest.param(
        "Rendez-vous devant la mairie\nà 14 h",
        "<p>Rendez-vous devant la mairie<br>\nà 14 h</p>",
        id="a-line-break-stays",
    ),
    pytest.param(
        "Covoiturage Saint-Herblain - Nantes - Orvault le mardi",
        "<p>Covoiturage Saint-Herblain - Nantes - Orvault le mardi</p>",
        id="dashes-inside-a-sentence-are-no-list",
    ),
    pytest.param(
        "Le 12 mai 2026\n2026. Une année",
        "<p>Le 12 mai 2026<br>\n2026. Une année</p>",
        id="a-year-at-the-start-of-a-line-is-no-list",
    ),
    pytest.param(
        "*Important* : venez tôt",
        "<p><em>Important</em> : venez tôt</p>",
        id="emphasis-at-the-start-is-no-list",
    ),
]


@pytest.mark.parametrize(("typed", "expected"), CASES)
def test_the_helper_renders_lists_and_line_breaks_as_typed(typed, expected):
    assert markdown_to_html(typed) == expected


def test_a_list_in_a_quote_is_a_list_too():
    html = markdown_to_html("> Pour partager :\n> - lundi\n> - jeudi\n\nMerci")

    assert html == (
        "<blockquote>\n<p>Pour partager :</p>\n<ul>\n<li>lundi</li>\n<li>jeudi</li>\n</ul>\n</blockquote>\n"
        "<p>Merci</p>"
    )


def test_a_list_item_continued_on_the_next_line_stays_one_item():
    assert markdown_to_html("- lundi\n  le matin\n- jeudi") == (
        "<ul>\n<li>lundi<br>\n  le matin</li>\n<li>jeudi</li>\n</ul>"
    )


def test_indented_code_is_left_alone():
    assert markdown_to_html("Exemple :\n\n    - pas une liste") == (
        "<p>Exemple :</p>\n<pre><code>- pas une liste\n</code></pre>"
    )


def test_the_plain_text_puts_each_item_on_its_line():
    assert markdown_to_text("Nous pouvons partager :\n- lundi\n- jeudi") == (
        "Nous pouvons partager :\n\nlundi\njeudi"
    )


def test_the_sanitising_still_holds_around_lists():
    html = markdown_to_html("Liste :\n- <script>alert(1)</script>\n- [x](javascript:alert(1))")

    assert "<script" not in html and "javascript:" not in html
    assert "<ul>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "expected"), CASES)
def test_a_forum_post_shows_lists_and_line_breaks_as_typed(client, typed, expected):
    topic = TopicFactory(body=typed)

    response = client.get(f"/forum/sujet/{topic.pk}-{topic.slug}/")

    assert response.status_code == 200
    assert expected in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "expected"), CASES)
def test_an_event_description_shows_lists_and_line_breaks_as_typed(client, typed, expected):
    event = EventFactory(description=typed)

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert expected in response.content.decode()


@pytest.mark.django_db
def test_the_forum_help_shows_the_list_syntax_that_works(client, member):
    topic = TopicFactory()
    client.force_login(member)

    page = client.get(f"/forum/sujet/{topic.pk}-{topic.slug}/").content.decode()

    # What the help says to type, typed as it says (a sentence, then one line per item), is a list.
    assert "une ligne par élément commençant par « - » (ou « 1. », « 2. »… pour la numéroter)" in page
    assert "une ligne par élément commençant par « - »" in BODY_HELP
    assert "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>" in markdown_to_html("Ma liste :\n- un\n- deux")
    assert "<ol>\n<li>un</li>\n<li>deux</li>\n</ol>" in markdown_to_html("Ma liste :\n1. un\n2. deux")
