"""The profile model and the tag rules: what a profile may hold, and how members' words meet."""

import re

import pytest

from accounts.models import User
from profiles.models import InterestItem, Profile, SkillItem, Tag, WishItem
from profiles.suggestions import SUGGESTED_LABELS
from profiles.tags import clean_label, split_free_text, tag_key, unique_by_key
from tests.factories.profiles import ProfileFactory

# Words (English and French) of what a profile must never ask: age, gender, profession, family.
FORBIDDEN_WORDS = {
    "age", "birth", "birthday", "born", "dob", "naissance", "anniversaire",
    "gender", "sex", "genre", "sexe", "civilite", "title",
    "profession", "occupation", "job", "work", "metier", "emploi", "travail", "employer", "employeur",
    "family", "famille", "familiale", "marital", "married", "spouse", "children", "child", "enfants",
    "situation",
}  # fmt: skip


def _words(text):
    ascii_text = text.lower().translate(str.maketrans("éèêàâîïôûùç", "eeeaaiiouuc"))
    return set(re.findall(r"[a-z]+", ascii_text))


@pytest.mark.parametrize("model", [Profile, InterestItem, SkillItem, WishItem, Tag, User])
def test_it_has_no_field_for_age_gender_profession_or_family_situation(model):
    for field in model._meta.get_fields():
        words = _words(field.name)
        if hasattr(field, "verbose_name"):
            words |= _words(str(field.verbose_name))
        assert not words & FORBIDDEN_WORDS, (
            f"{model.__name__}.{field.name} looks like {words & FORBIDDEN_WORDS}"
        )


@pytest.mark.parametrize(
    "text",
    ["Cuisine", "cuisine ", "cuisiner", "CUISINER", "la cuisine", "J'aime cuisiner", "  Cuisines  "],
)
def test_it_gives_one_key_to_every_way_of_writing_cooking(text):
    assert tag_key(text) == "cuisine"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jeux de société", "jeu de societe"),
        ("Randonnées", "randonnée"),
        ("vélo", "Faire du vélo"),
        ("jardiner", "Le jardinage"),
        ("jouer aux cartes", "jeux de cartes"),
        ("Téléphone  portable", "smartphone"),
    ],
)
def test_it_makes_plurals_accents_articles_and_verbs_meet(a, b):
    assert tag_key(a) == tag_key(b)


def test_it_keeps_different_things_apart():
    assert tag_key("cuisine saine") != tag_key("cuisine")
    assert tag_key("marche") != tag_key("randonnée")


def test_it_gives_nothing_for_punctuation_only():
    assert tag_key(" !!! ") == ""


def test_it_shows_labels_trimmed_in_lower_case():
    assert clean_label("  Jeux   de Société ") == "jeux de société"


def test_it_splits_free_text_on_commas_semicolons_and_lines():
    assert split_free_text("Cuisine, jeux de cartes ; vélo\nlecture,, ") == [
        "cuisine",
        "jeux de cartes",
        "vélo",
        "lecture",
    ]


def test_it_drops_labels_meaning_the_same_thing():
    assert unique_by_key(["cuisiner", "Cuisine", "vélo", "velos"]) == ["cuisiner", "vélo"]


def test_it_gives_every_suggestion_its_own_key():
    keys = [tag_key(label) for label in SUGGESTED_LABELS]
    assert len(set(keys)) == len(keys)
    assert all(keys)


@pytest.mark.django_db
def test_it_finds_the_existing_tag_whatever_the_spelling():
    [first] = Tag.objects.for_labels(["cuisiner"])
    [second] = Tag.objects.for_labels(["Cuisine "])

    assert second == first
    assert first.name == "cuisiner"  # the curated suggestion's own words
    assert first.slug == "cuisine"
    assert Tag.objects.count() == 1


@pytest.mark.django_db
def test_it_keeps_the_first_spelling_of_a_new_free_tag():
    [tag] = Tag.objects.for_labels(["Scrabble  Duplicate"])
    [again] = Tag.objects.for_labels(["scrabble duplicates"])

    assert again == tag
    assert tag.name == "scrabble duplicate"


@pytest.mark.django_db
def test_it_keeps_the_three_tag_sets_apart():
    profile = ProfileFactory(interests=["cuisiner"], skills=["couture"], wishes=["informatique"])

    assert [tag.name for tag in profile.interests.all()] == ["cuisiner"]
    assert [tag.name for tag in profile.skills.all()] == ["couture"]
    assert [tag.name for tag in profile.wishes.all()] == ["informatique"]
    assert InterestItem.objects.count() == SkillItem.objects.count() == WishItem.objects.count() == 1


@pytest.mark.django_db
def test_it_makes_profiles_visible_to_members_by_default_and_open_to_contact():
    profile = ProfileFactory()

    assert profile.visibility == Profile.Visibility.MEMBERS
    assert profile.open_to_contact
    assert not profile.weekly_digest  # the digest is asked for, never imposed
    assert profile.message_notifications and profile.event_reminders
