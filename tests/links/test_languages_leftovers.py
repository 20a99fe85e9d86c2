"""The useful links' thème filter in the language chosen (issue 15, the first pass's leftovers)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, name",
    [("fr", "Santé et bien-être"), ("en", "Health and well-being"), ("uk", "Здоров'я і добробут")],
)
def test_the_theme_filter_names_the_themes_in_the_language_chosen(client, language, name):
    client.cookies["langue"] = language
    content = client.get("/liens-utiles/").content.decode().replace("&#x27;", "'")
    assert f'<option value="sante-bien-etre">{name}</option>' in content
    if language != "fr":
        assert "Santé et bien-être" not in content
