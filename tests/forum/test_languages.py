"""The forum in English, Arabic and Ukrainian (the `langue` cookie), and posts that keep the
language they were written in, marked with `lang` (and `dir`) where it differs from the page's."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.models import Post, Topic
from tests.factories.forum import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def in_main(page):
    """The page's <main>: the header's language menu carries lang="ar" on "العربية" too."""
    return page.split("<main", 1)[1].split("</main>", 1)[0]


# A phrase of each page in each language, and the French it replaces.
INDEX = {
    "en": "A place to talk and help each other",
    "ar": "مكان للنقاش والتعاون",
    "uk": "Місце, щоб спілкуватися й допомагати одне одному",
}
INDEX_FR = "Un espace pour discuter et s'entraider"
TOPIC = {"en": "Publish my reply", "ar": "نشر ردّي", "uk": "Опублікувати відповідь"}
TOPIC_FR = "Publier ma réponse"
TITLE_REQUIRED = {
    "en": "Write a title for your topic.",
    "ar": "اكتب عنوانًا لموضوعك.",
    "uk": "Напишіть назву вашої теми.",
}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("language", ["en", "ar", "uk"])
def test_the_index_speaks_the_chosen_language(client, language):
    TopicFactory(category="emploi", title="Préparer un entretien")
    client.cookies["langue"] = language

    page = client.get("/forum/").content.decode()

    assert INDEX[language] in page
    assert INDEX_FR not in page
    assert "Préparer un entretien" in page  # what members wrote is never translated


def test_the_index_costs_no_more_queries_in_another_language(client, django_assert_num_queries):
    TopicFactory(category="emploi")
    with CaptureQueriesContext(connection) as french:
        client.get("/forum/")
    client.cookies["langue"] = "ar"

    with django_assert_num_queries(len(french.captured_queries)):
        client.get("/forum/")


@pytest.mark.parametrize("language", ["en", "ar", "uk"])
def test_a_topic_speaks_the_chosen_language_to_a_member(client, member, language):
    topic = TopicFactory(category="emploi", title="Un atelier CV à Blain ?")
    PostFactory(topic=topic, body="Oui, le mardi matin.")
    client.force_login(member)
    client.cookies["langue"] = language

    page = client.get(topic.get_absolute_url()).content.decode()

    assert TOPIC[language] in page
    assert TOPIC_FR not in page
    assert "Oui, le mardi matin." in page


def test_it_counts_replies_with_the_plural_of_the_language(client):
    topic = TopicFactory(category="emploi")
    for _ in range(3):
        PostFactory(topic=topic)
    client.cookies["langue"] = "uk"

    page = client.get("/forum/emploi/").content.decode()

    assert "3 відповіді." in page


@pytest.mark.parametrize("language", ["en", "ar", "uk"])
def test_a_form_with_an_error_says_it_in_the_chosen_language(client, member, language):
    client.force_login(member)
    client.cookies["langue"] = language

    response = client.post("/forum/emploi/nouveau/", {"title": "", "body": "Bonjour, qui connaît ?"})

    page = response.content.decode()
    assert response.status_code == 200
    assert TITLE_REQUIRED[language] in page
    assert "Écrivez un titre pour votre sujet." not in page
    assert Topic.objects.count() == 0


def test_the_forms_offer_the_language_of_the_text_french_first(client, member):
    topic = TopicFactory(category="emploi")
    client.force_login(member)

    new_topic = client.get("/forum/emploi/nouveau/").content.decode()
    reply = client.get(topic.get_absolute_url()).content.decode()

    for page in (new_topic, reply):
        assert "Langue du texte" in page
        assert '<option value="fr" selected>Français</option>' in page
        assert '<option value="ar">العربية</option>' in page


def test_a_topic_written_in_arabic_takes_the_language_of_its_first_post(client, member):
    client.force_login(member)

    response = client.post(
        "/forum/emploi/nouveau/",
        {"title": "ورشة للسيرة الذاتية", "body": "هل يعرف أحد ورشة في نانت؟", "language": "ar"},
    )

    topic = Topic.objects.get()
    assert response.status_code == 302
    assert (topic.language, topic.posts.get().language) == ("ar", "ar")


def test_a_topic_title_in_arabic_is_marked_right_to_left_on_french_pages(client, member):
    client.force_login(member)
    client.post(
        "/forum/emploi/nouveau/",
        {"title": "ورشة للسيرة الذاتية", "body": "هل يعرف أحد ورشة في نانت؟", "language": "ar"},
    )
    topic = Topic.objects.get()
    TopicFactory(category="emploi", title="Un atelier CV à Blain")

    detail = client.get(topic.get_absolute_url()).content.decode()
    category = client.get("/forum/emploi/").content.decode()
    index = client.get("/forum/").content.decode()

    assert '<h1 lang="ar" dir="rtl">ورشة للسيرة الذاتية</h1>' in detail
    assert f'<a href="{topic.get_absolute_url()}" lang="ar" dir="rtl">ورشة للسيرة الذاتية</a>' in category
    assert in_main(category).count('lang="ar"') == 1  # the French topic carries nothing
    assert 'dir="rtl">ورشة للسيرة الذاتية</a>' in index


def test_a_reply_keeps_the_language_its_author_chose_and_french_by_default(client, member):
    topic = TopicFactory(category="emploi")
    client.force_login(member)

    client.post(f"{topic.get_absolute_url()}repondre/", {"body": "Я можу допомогти.", "language": "uk"})
    client.post(f"{topic.get_absolute_url()}repondre/", {"body": "Moi aussi, avec plaisir."})

    languages = list(topic.posts.order_by("created", "pk").values_list("language", flat=True))
    assert languages == ["fr", "uk", "fr"]


def test_a_post_in_arabic_on_a_french_page_is_marked_right_to_left(client):
    topic = TopicFactory(category="emploi", title="Un atelier CV")
    post = PostFactory(topic=topic, body="أستطيع المساعدة في كتابة السيرة الذاتية.", language="ar")

    page = client.get(topic.get_absolute_url()).content.decode()

    assert f'id="{post.anchor}"' in page
    assert '<div class="forum-post__body" lang="ar" dir="rtl"><p>أستطيع المساعدة' in page
    # The French posts of the French page carry nothing.
    assert in_main(page).count('lang="ar"') == 1
    assert 'lang="fr"' not in page.split('id="contenu"')[-1]


def test_a_french_post_on_an_english_page_is_marked_french(client):
    topic = TopicFactory(category="emploi", body="Bonjour à tous.")
    client.cookies["langue"] = "en"

    page = client.get(topic.get_absolute_url()).content.decode()

    assert '<div class="forum-post__body" lang="fr" dir="ltr"><p>Bonjour à tous.' in page


def test_an_edit_may_correct_the_language(client, member):
    topic = TopicFactory(
        category="emploi", author=member, body="Hello everyone, who knows?", created=timezone.now()
    )
    post = topic.posts.get()
    client.force_login(member)

    response = client.post(
        f"/forum/message/{post.pk}/modifier/", {"body": "Hello everyone, who knows?", "language": "en"}
    )

    post.refresh_from_db()
    topic.refresh_from_db()
    assert response.status_code == 302
    assert (post.language, topic.language) == ("en", "en")  # the first post gives the topic its language
    assert Post.objects.filter(language="fr").count() == 0
