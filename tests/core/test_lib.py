import pytest

from tousvoisins.lib import contrast_ratio, normalize_place_name


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("Saint-Herblain", "saint herblain"),
        ("ST HERBLAIN", "saint herblain"),
        ("st-herblain ", "saint herblain"),
        ("Ste-Luce-sur-Loire", "sainte luce sur loire"),
        ("Guérande", "guerande"),
        ("L'Île-d'Yeu", "l ile d yeu"),
        ("", ""),
    ],
)
def test_place_names_are_normalised_for_search(typed, normalized):
    assert normalize_place_name(typed) == normalized


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_it_reads_ligatures_as_the_two_letters_people_type():
    assert normalize_place_name("Paimbœuf") == normalize_place_name("paimboeuf") == "paimboeuf"
    assert normalize_place_name("BONNŒUVRE") == "bonnoeuvre"
