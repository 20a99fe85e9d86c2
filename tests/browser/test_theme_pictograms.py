"""Issue 17, item 3, in a real browser: the thèmes' pictograms load, keep their fixed size, stay
round and outlined in high contrast, and the pages that show them still reflow at 320 px."""

import pytest

from tests.factories import EventFactory, next_local
from tests.factories.forum import TopicFactory
from tests.factories.referents import PermanenceFactory, ReferentFactory

from . import checks

pytestmark = pytest.mark.browser

PICTOGRAMS = """() => [...document.querySelectorAll('main img.theme-label__pictogram')].map(img => {
  const box = img.getBoundingClientRect();
  const name = img.nextElementSibling;
  return {
    loaded: img.complete && img.naturalWidth > 0,
    width: box.width,
    height: box.height,
    alt: img.getAttribute('alt'),
    name: name ? name.textContent.trim() : '',
    outline: getComputedStyle(img).outlineStyle,
  };
})"""


@pytest.fixture
def pages_with_themes():
    start = next_local(days=2, hour=14)
    EventFactory(title="Atelier CV", themes=["emploi", "loisirs-culture-sport"], start=start)
    topic = TopicFactory(category="emploi", title="Trouver un stage")
    PermanenceFactory(referent=ReferentFactory(themes=["emploi", "sante-bien-etre"]))
    return [
        f"/agenda/mois/{start:%Y}/{start:%m}/",
        "/agenda/carte/",
        "/forum/",
        topic.get_absolute_url(),
        "/referents/",
        "/referents/carte/",
    ]


def test_pictograms_load_at_a_fixed_size_beside_their_name_and_reflow_at_320_px(
    page, pages_with_themes, failed_responses
):
    for path in pages_with_themes:
        page.goto(path)
        pictograms = page.evaluate(PICTOGRAMS)
        assert pictograms, path
        for pictogram in pictograms:
            assert pictogram["loaded"], path
            assert (pictogram["width"], pictogram["height"]) == (24, 24), path
            assert pictogram["alt"] == ""
            assert pictogram["name"], path
        assert checks.reflow_problems(page) == [], path
    assert failed_responses == []


def test_pictograms_keep_an_outline_in_high_contrast(page, pages_with_themes):
    page.emulate_media(forced_colors="active")
    page.goto(pages_with_themes[0])

    pictograms = page.evaluate(PICTOGRAMS)

    assert pictograms
    assert all(pictogram["outline"] == "solid" and pictogram["loaded"] for pictogram in pictograms)
