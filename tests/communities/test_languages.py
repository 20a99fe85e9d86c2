"""Communities in English, Arabic and Ukrainian (the `langue` cookie), and descriptions that keep
the language they were written in, marked with `lang` (and `dir`) where it differs from the page's."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities.models import Community, HostMessage
from tests.factories.communities import CommunityFactory

pytestmark = pytest.mark.django_db


def in_main(page):
    """The page's <main>: the header's language menu carries lang="ar" on "العربية" too."""
    return page.split("<main", 1)[1].split("</main>", 1)[0]


LIST = {
    "en": "Neighbours who meet regularly",
    "ar": "جيران يلتقون بانتظام",
    "uk": "Сусіди, які регулярно зустрічаються",
}
LIST_FR = "Des voisins qui se retrouvent régulièrement"
LEAVE = {"en": "Leave the community", "ar": "مغادرة المجموعة", "uk": "Вийти зі спільноти"}
SUBJECT_REQUIRED = {
    "en": "Write the e-mail's subject.",
    "ar": "اكتب موضوع الرسالة.",
    "uk": "Напишіть тему листа.",
}
ARABIC = "نطبخ معًا كل يوم ثلاثاء ثم نتقاسم الوجبة."


def _html(response):
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("language", ["en", "ar", "uk"])
def test_the_list_speaks_the_chosen_language(client, language):
    CommunityFactory(name="Les cuisiniers du mardi")
    client.cookies["langue"] = language

    page = _html(client.get("/communautes/"))

    assert LIST[language] in page
    assert LIST_FR not in page
    assert "Les cuisiniers du mardi" in page  # names are never translated


def test_the_list_costs_no_more_queries_in_another_language(client, django_assert_num_queries):
    CommunityFactory()
    with CaptureQueriesContext(connection) as french:
        client.get("/communautes/")
    client.cookies["langue"] = "uk"

    with django_assert_num_queries(len(french.captured_queries)):
        client.get("/communautes/")


@pytest.mark.parametrize(
    ("language", "members"),
    [("en", "2 members"), ("ar", "عضوان"), ("uk", "2 учасники")],
)
def test_a_community_speaks_the_chosen_language_to_its_members(client, alice, bob, language, members):
    community = CommunityFactory(name="Les cuisiniers du mardi", members=[alice, bob])
    client.force_login(alice)
    client.cookies["langue"] = language

    page = _html(client.get(community.get_absolute_url()))

    assert LEAVE[language] in page
    assert "Quitter la communauté" not in page
    assert members in page


@pytest.mark.parametrize("language", ["en", "ar", "uk"])
def test_a_host_form_with_an_error_says_it_in_the_chosen_language(client, member, language):
    community = CommunityFactory(hosts=[member])
    client.force_login(member)
    client.cookies["langue"] = language

    response = client.post(
        f"/communautes/{community.slug}/ecrire-aux-membres/", {"subject": "", "body": "À mardi !"}
    )

    page = _html(response)
    assert response.status_code == 200
    assert SUBJECT_REQUIRED[language] in page
    assert "Écrivez l'objet de l'e-mail." not in page
    assert not HostMessage.objects.exists()


def test_a_description_in_arabic_on_a_french_page_is_marked_right_to_left(client):
    community = CommunityFactory(description=ARABIC, language="ar")
    CommunityFactory(name="Les tricoteuses")

    detail = _html(client.get(community.get_absolute_url()))
    listing = _html(client.get("/communautes/"))

    assert f'<p class="lead" lang="ar" dir="rtl">{ARABIC}</p>' in detail
    assert f'<p lang="ar" dir="rtl">{ARABIC}</p>' in listing
    assert in_main(listing).count('lang="ar"') == 1  # the French one carries nothing


def test_a_french_description_on_an_arabic_page_is_marked_french(client):
    community = CommunityFactory(description="On cuisine ensemble chaque mardi.")
    client.cookies["langue"] = "ar"

    page = _html(client.get(community.get_absolute_url()))

    assert '<p class="lead" lang="fr" dir="ltr">On cuisine ensemble chaque mardi.</p>' in page


def test_the_admin_offers_the_language_of_the_description_french_by_default(client, moderator):
    community = CommunityFactory()
    client.force_login(moderator)

    page = _html(client.get(f"/admin/communities/community/{community.pk}/change/"))

    assert community.language == "fr"
    assert "Langue du texte" in page
    assert '<option value="fr" selected>Français</option>' in page
    assert Community.objects.filter(language="fr").count() == 1
