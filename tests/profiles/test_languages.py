"""The profiles' pages in English, Arabic and Ukrainian (the `langue` cookie); French stays the default.

What members wrote (names, presentations, interests) is never translated: only the interface is.
"""

import re

import pytest

from tests.factories.profiles import ProfileFactory, bulk_members, conversation_between, profile_for

pytestmark = pytest.mark.django_db

REZE = "44143"

# language: {French text: its translation}, one phrase per page.
PHRASES = {
    "en": {
        "list": ("Chercher des membres", "Find members"),
        "profile": ("Ce que vous avez en commun", "What you have in common"),
        "shared": ("Vous aimez tous les deux", "You both like"),
        "error_lead": ("Votre profil n'est pas encore enregistré.", "Your profile is not saved yet."),
        "error_name": ("Écrivez un prénom ou un pseudonyme.", "Write a first name or a nickname."),
        "matches": ("Qui partage mes centres d'intérêt ?", "Who shares my interests?"),
        "inbox": ("Vous avez 2 messages non lus.", "You have 2 unread messages."),
        "thread": ("Conversation avec Bob", "Conversation with Bob"),
        "saved": ("Votre profil est enregistré.", "Your profile is saved."),
    },
    "ar": {
        "list": ("Chercher des membres", "البحث عن أعضاء"),
        "profile": ("Ce que vous avez en commun", "ما يجمع بينكما"),
        "shared": ("Vous aimez tous les deux", "كلاكما يحب"),
        "error_lead": ("Votre profil n'est pas encore enregistré.", "لم يُحفظ ملفك الشخصي بعد."),
        "error_name": ("Écrivez un prénom ou un pseudonyme.", "اكتب اسمًا أول أو اسمًا مستعارًا."),
        "matches": ("Qui partage mes centres d'intérêt ?", "من يشاركني اهتماماتي؟"),
        "inbox": ("Vous avez 2 messages non lus.", "لديك رسالتان غير مقروءتين."),
        "thread": ("Conversation avec Bob", "محادثة مع Bob"),
        "saved": ("Votre profil est enregistré.", "تم حفظ ملفك الشخصي."),
    },
    "uk": {
        "list": ("Chercher des membres", "Шукати учасників"),
        "profile": ("Ce que vous avez en commun", "Що у вас спільного"),
        "shared": ("Vous aimez tous les deux", "Вам обом подобається"),
        "error_lead": ("Votre profil n'est pas encore enregistré.", "Ваш профіль ще не збережено."),
        "error_name": ("Écrivez un prénom ou un pseudonyme.", "Напишіть ім&#x27;я або псевдонім."),
        "matches": ("Qui partage mes centres d'intérêt ?", "Хто поділяє мої захоплення?"),
        "inbox": ("Vous avez 2 messages non lus.", "У вас 2 непрочитані повідомлення."),
        "thread": ("Conversation avec Bob", "Розмова з Bob"),
        "saved": ("Votre profil est enregistré.", "Ваш профіль збережено."),
    },
}
LANGUAGES = list(PHRASES)


def _html(response):
    assert response.status_code == 200
    return response.content.decode()


def _says(html, language, key):
    french, translated = PHRASES[language][key]
    assert translated in html
    assert french.replace("'", "&#x27;") not in html and french not in html


@pytest.fixture
def paul(db):
    return ProfileFactory(
        user__username="paul-4821",
        display_name="Paul",
        insee=REZE,
        presentation="Ancien boulanger.",
        interests=["cuisiner", "pêche"],
    )


@pytest.fixture
def reader(client, member):
    """`member` signed in, who shares « cuisiner » with Paul."""
    profile_for(member, display_name="Alice", insee=REZE, interests=["cuisiner"])
    client.force_login(member)
    return client


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_lists_members_in_the_chosen_language(reader, paul, language):
    reader.cookies["langue"] = language

    html = _html(reader.get("/membres/"))

    _says(html, language, "list")
    assert "Ancien boulanger." in html  # what Paul wrote stays as he wrote it
    assert "cuisiner" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_shows_a_profile_in_the_chosen_language_keeping_what_the_member_wrote(reader, paul, language):
    reader.cookies["langue"] = language

    html = _html(reader.get("/membres/paul-4821/"))

    _says(html, language, "profile")
    assert f"{PHRASES[language]['shared'][1]}" in html
    assert "<strong>cuisiner</strong>" in html
    assert "Ancien boulanger." in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_says_what_is_wrong_in_my_profile_form_in_the_chosen_language(reader, language):
    reader.cookies["langue"] = language

    html = _html(
        reader.post(
            "/mon-profil/",
            {"display_name": "", "visibility": "membres", "interests_other": "", "skills_other": ""},
        )
    )

    _says(html, language, "error_lead")
    _says(html, language, "error_name")


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_confirms_a_saved_profile_in_the_chosen_language(reader, language):
    reader.cookies["langue"] = language

    response = reader.post("/mon-profil/", {"display_name": "Alice", "visibility": "membres"}, follow=True)

    _says(_html(response), language, "saved")


def test_it_shows_the_suggestions_translated_but_keeps_the_french_tag(reader, member):
    reader.cookies["langue"] = "en"

    html = _html(reader.get("/mon-profil/"))
    assert re.search(r'value="vélo"[^>]*>\s*cycling \(vélo\)', html)

    reader.post(
        "/mon-profil/", {"display_name": "Alice", "visibility": "membres", "interests_suggested": ["vélo"]}
    )
    assert [tag.name for tag in member.profile.interests.all()] == ["vélo"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_shows_my_matches_in_the_chosen_language(reader, paul, language):
    reader.cookies["langue"] = language

    html = _html(reader.get("/mon-profil/rencontres/"))

    _says(html, language, "matches")
    assert PHRASES[language]["shared"][1] in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_shows_conversations_in_the_chosen_language(client, alice, bob, language):
    conversation = conversation_between(bob, alice, "Bonjour Alice", "Tu viens mardi ?")
    client.force_login(alice)
    client.cookies["langue"] = language

    inbox = _html(client.get("/messages/"))
    thread = _html(client.get(conversation.get_absolute_url()))

    _says(inbox, language, "inbox")
    _says(thread, language, "thread")
    assert "Tu viens mardi ?" in thread  # messages are never translated


def test_it_keeps_french_without_the_cookie(reader, paul):
    html = _html(reader.get("/membres/paul-4821/"))

    assert "Ce que vous avez en commun" in html
    assert "What you have in common" not in html


def test_it_counts_in_ukrainian_plural_forms(client, alice, bob):
    conversation_between(bob, alice, *[f"Message {number}" for number in range(5)])
    client.force_login(alice)
    client.cookies["langue"] = "uk"

    html = _html(client.get("/messages/"))

    assert "У вас 5 непрочитаних повідомлень." in html
    assert "5 непрочитаних" in html


# The same number of queries as in French (tests/profiles/test_pages.py, test_messages.py).


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_lists_members_in_the_same_queries_in_every_language(
    client, member, language, django_assert_num_queries
):
    bulk_members(25)
    client.force_login(member)
    client.cookies["langue"] = language

    # As in French (tests/profiles/test_pages.py), nothing kept yet
    with django_assert_num_queries(11):
        response = client.get("/membres/")
    assert response.status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_builds_my_matches_in_the_same_queries_in_every_language(
    client, member, language, django_assert_num_queries
):
    profile_for(member, interests=["loisir 0"], skills=["loisir 1"], wishes=["loisir 0"])
    bulk_members(15)
    client.force_login(member)
    client.cookies["langue"] = language

    with django_assert_num_queries(11):  # the first visit ranks and keeps the ids (test_pages)
        response = client.get("/mon-profil/rencontres/")
    assert response.status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_lists_conversations_in_the_same_queries_in_every_language(
    client, alice, language, django_assert_num_queries
):
    for number in range(5):
        other = ProfileFactory(user__username=f"voisin-{number}").user
        conversation_between(other, alice, "Bonjour")
    client.force_login(alice)
    client.cookies["langue"] = language

    with django_assert_num_queries(6):
        response = client.get("/messages/")
    assert response.status_code == 200


# E-mails: in the member's language (accounts.User.language, added with the language menu).


def _member_language_field():
    from accounts.models import User

    if "language" not in {field.name for field in User._meta.get_fields()}:
        pytest.skip("accounts.User has no language field on this branch yet")


def test_it_tells_about_new_messages_in_the_members_language(alice, bob, django_capture_on_commit_callbacks):
    from django.core import mail
    from django.core.management import call_command

    _member_language_field()
    alice.language = "en"
    alice.save(update_fields=["language"])
    conversation_between(bob, alice, "Un", "Deux")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_message_notifications", stdout=None)

    [email] = mail.outbox
    assert email.subject.endswith("2 new messages")
    assert "You have 2 new messages on Tous voisins 44:" in email.body
    assert "- 2 from Bob" in email.body
    assert "nouveaux messages" not in email.body


def test_it_keeps_french_e_mails_for_members_who_chose_no_language(
    alice, bob, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.core.management import call_command

    conversation_between(bob, alice, "Un")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_message_notifications", stdout=None)

    [email] = mail.outbox
    assert email.subject.endswith("1 nouveau message")
    assert "Vous avez 1 nouveau message sur Tous voisins 44 :" in email.body
