"""My profile's thèmes in the language chosen (issue 15, the first pass's leftovers): the thèmes I
follow and the groups of suggested interests."""

import pytest

from tests.factories.profiles import profile_for

pytestmark = pytest.mark.django_db


def test_my_profile_names_the_themes_in_the_language_chosen(client, member):
    profile_for(member, display_name="Alice", insee="44143")
    client.force_login(member)
    client.cookies["langue"] = "en"
    content = client.get("/mon-profil/").content.decode().replace("&#x27;", "'")
    assert "Health and well-being" in content
    assert "Santé et bien-être" not in content
