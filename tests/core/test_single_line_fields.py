"""Single-line fields refuse line breaks and invisible control characters with a French message,
in every form of the project (tousvoisins.forms.refuse_line_breaks), and every file field of
every form takes pictures through tousvoisins.images.PictureField."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from tests.conftest import make_user
from tests.core.form_walker import admin_forms, form_classes, project_apps
from tousvoisins.forms import LINE_BREAK, refuse_line_breaks
from tousvoisins.images import PictureField

# File fields that take something other than a picture: {form or admin: {field}}.
NOT_PICTURES = {
    "events.admin_import.ExternalAgendaForm": {"file"},  # an iCalendar file
    "admin events.ExternalAgenda": {"file"},
}


@pytest.mark.parametrize(
    "text",
    [
        "Alice\nDupont",
        "Alice\rDupont",
        "Alice\r\n",
        "A\u2028B",
        "A\u2029B",
        "A\x0bB",
        "A\x85B",
        "A\tB",
        "A\x00",
    ],
)
def test_a_line_break_or_a_control_character_is_refused(text):
    with pytest.raises(ValidationError) as refused:
        refuse_line_breaks(text)

    assert refused.value.messages == [LINE_BREAK]
    assert "une seule ligne" in LINE_BREAK


@pytest.mark.parametrize(
    "text", ["Alice", "Jean-Pierre d'Été", "Rezé 44400", "06 12 34 56 78", "مرحبا", "Привіт", ""]
)
def test_ordinary_text_is_accepted(text):
    refuse_line_breaks(text)


def _offenders(found):
    return sorted(
        f"{name}.{field_name}"
        for name, form in found.items()
        for field_name, field in form.base_fields.items()
        if isinstance(field, forms.CharField)
        and isinstance(field.widget, forms.TextInput)
        and refuse_line_breaks not in field.validators
    )


def test_the_walk_finds_the_forms_of_every_app_of_the_project():
    names = form_classes()
    apps_with_forms = {name.split(".")[0] for name in names}

    assert {
        "accounts",
        "events",
        "referents",
        "profiles",
        "forum",
        "pages",
        "links",
        "news",
    } <= apps_with_forms
    assert {config.name for config in project_apps()} >= apps_with_forms
    assert "referents.forms.VisitorContactForm" in names


def test_every_text_input_of_every_form_class_is_single_line():
    assert _offenders(form_classes()) == []


@pytest.mark.django_db
def test_every_text_input_of_every_admin_form_is_single_line():
    user = make_user("root", is_superuser=True, is_staff=True)

    found = admin_forms(user)

    assert "admin referents.Referent inline referents.Permanence" in found
    assert _offenders(found) == []


@pytest.mark.django_db
def test_every_file_field_of_every_form_takes_pictures_through_the_one_checking_path():
    user = make_user("root", is_superuser=True, is_staff=True)
    found = {**form_classes(), **admin_forms(user)}

    others = sorted(
        f"{name}.{field_name}"
        for name, form in found.items()
        for field_name, field in form.base_fields.items()
        if isinstance(field, forms.FileField)
        and not isinstance(field, PictureField)
        and field_name not in NOT_PICTURES.get(name, ())
    )

    assert others == []
