import pytest
from django.core.exceptions import ValidationError

from tousvoisins.lib import contrast_ratio
from tousvoisins.models import Theme

pytestmark = pytest.mark.django_db


def test_the_six_themes_exist_in_order():
    assert list(Theme.objects.values_list("slug", flat=True)) == [
        "mobilite",
        "emploi",
        "logement",
        "loisirs-culture-sport",
        "sante-bien-etre",
        "solidarite",
    ]


def test_every_theme_colour_is_readable_with_white_text():
    for theme in Theme.objects.all():
        assert contrast_ratio(theme.colour, "#ffffff") >= 4.5, theme.slug
        theme.full_clean()


def test_a_too_light_colour_is_refused_in_french():
    theme = Theme.objects.get(slug="emploi")
    theme.colour = "#ffcc00"
    with pytest.raises(ValidationError) as error:
        theme.full_clean()
    assert "trop claire" in error.value.message_dict["colour"][0]
