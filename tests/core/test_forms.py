"""Every list's filters grow from one base in the core (tousvoisins/forms.py): the agenda's own
filter form inherits the thème and intercommunalité fields, and their French messages, from it."""

import html
import re

import pytest
from django.forms.renderers import get_default_renderer

from events.forms import AgendaFilterForm
from referents.forms import DirectoryFilterForm
from tousvoisins.forms import FormRenderer, ThemeTerritoryFilterForm

THEME_ERROR = "Ce thème n'existe pas. Choisissez un thème dans la liste."
TERRITORY_ERROR = "Cette intercommunalité n'est pas en Loire-Atlantique. Choisissez-en une dans la liste."


def error_beside(response, field):
    """The text of the error list shown under `field`, and whether the field points to it."""
    content = html.unescape(response.content.decode())
    errors = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', content, re.S)
    widget = re.search(rf'<select name="{field}"[^>]*>', content)
    described = widget and re.search(rf'aria-describedby="[^"]*id_{field}_error', widget.group(0))
    return (errors.group(1) if errors else ""), bool(described)


def test_the_agenda_filters_inherit_the_shared_theme_and_territory_fields():
    assert issubclass(AgendaFilterForm, ThemeTerritoryFilterForm)
    for name in ("theme", "territoire"):
        # Declared once, in the core: the agenda does not repeat them.
        assert AgendaFilterForm.base_fields[name] is ThemeTerritoryFilterForm.base_fields[name]
    assert "clean_theme" not in vars(AgendaFilterForm)


@pytest.mark.django_db
def test_the_agenda_filters_keep_their_order_and_their_empty_choices():
    form = AgendaFilterForm({})

    order = ["q", "theme", "territoire", "lieu", "rayon", "du", "au", "acces"]
    assert list(form.fields) == order
    assert form.fields["theme"].choices[0] == ("", "Tous les thèmes")
    assert form.fields["territoire"].choices[0] == ("", "Toutes")
    assert DirectoryFilterForm({}).fields["territoire"].choices[0] == ("", "Toute la Loire-Atlantique")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        ("/agenda/?theme=inconnu", "theme", THEME_ERROR),
        ("/agenda/?territoire=0", "territoire", TERRITORY_ERROR),
        ("/referents/?theme=inconnu", "theme", THEME_ERROR),
        ("/referents/?territoire=0", "territoire", TERRITORY_ERROR),
    ],
)
def test_a_wrong_theme_or_territory_gets_the_same_french_message_on_the_agenda_and_the_directory(
    client, path, field, message
):
    response = client.get(path)

    assert response.status_code == 200
    errors, described = error_beside(response, field)
    assert message in errors
    assert described


@pytest.mark.django_db
def test_a_valid_theme_still_filters_the_agenda(client):
    response = client.get("/agenda/?theme=emploi")

    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    assert '<option value="emploi" selected>Emploi</option>' in content
    assert "Un filtre n'a pas pu être utilisé" not in content


def test_every_form_is_rendered_by_the_core_renderer():
    assert isinstance(get_default_renderer(), FormRenderer)
