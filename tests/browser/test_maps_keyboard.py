"""Maps for the keyboard (issue 17, item 5): from the top of the page, Tab reaches « Passer la
carte », which leads to the list; the referents' 17 shapes are no tab stops (the list says what
they say); the agenda's map is a named region; and its markers, measured in Chromium, are whole
targets of at least 24 x 24 pixels that never cover one another, at every zoom."""

import re

import pytest
from django.contrib.gis.geos import Point
from playwright.sync_api import expect

from tests.conftest import NANTES_METROPOLE
from tests.factories import EventFactory, next_local
from tousvoisins.models import Commune

from . import checks

pytestmark = pytest.mark.browser
# The map's data-markers once it has drawn them.
DRAWN = re.compile(r"^\d+$")

# Where the focus is: its tag, its text or name, and the region of the page it is in.
_FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.getAttribute('aria-label') || el.getAttribute('alt') || el.innerText || '').trim(),
    inReferentList: !!el.closest('.referent-map__list'),
    inAgendaList: !!el.closest('section[aria-labelledby="liste-par-commune"]'),
    inMap: !!el.closest('.leaflet-container'),
  };
}"""

# Each marker's box, and the pairs of markers whose boxes overlap.
_MARKERS_JS = """(selector) => {
  const boxes = [...document.querySelectorAll(selector + ' .leaflet-marker-icon')].map(el => {
    const r = el.getBoundingClientRect();
    const cluster = el.classList.contains('map-cluster');
    return {x: r.left, y: r.top, width: r.width, height: r.height, cluster};
  });
  const overlaps = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) {
      overlaps.push([a, b]);
    }
  }));
  return {boxes, overlaps};
}"""


def focus(page):
    return page.evaluate(_FOCUS_JS)


def tab_from_the_top(page, wanted, *, max_presses=80):
    """Tab from the page's start until `wanted(focus)`; every element met on the way."""
    met = []
    page.locator("body").focus()
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        element = focus(page)
        met.append(element)
        if element and wanted(element):
            return met
    raise AssertionError(f"never reached: the focus met {met}")


@pytest.fixture
def agenda_around_nantes():
    """One rencontre in each commune of Nantes Métropole, and six a few hundred metres apart in
    Nantes: the map opens on markers close to each other."""
    communes = Commune.objects.filter(intercommunalite__siren=NANTES_METROPOLE).values_list(
        "insee", flat=True
    )
    for index, insee in enumerate(communes):
        EventFactory(title=f"Rencontre {insee}", insee=insee, start=next_local(days=1 + index % 9, hour=14))
    for number in range(6):
        EventFactory(
            title=f"Atelier {number}",
            point=Point(-1.556 + 0.003 * number, 47.216, srid=4326),
            start=next_local(days=2, hour=9 + number),
        )


def test_the_referents_map_can_be_skipped_and_its_shapes_are_no_tab_stops(
    page, console_messages, failed_responses
):
    page.goto("/referents/carte/")
    expect(page.locator("#carte")).to_have_attribute("data-territories", "17")

    # The shapes: out of the tab order, and hidden from screen readers (the list says the same).
    shapes = page.locator("#carte path.leaflet-interactive")
    assert shapes.count() >= 17
    assert set(shapes.evaluate_all("paths => paths.map(path => path.getAttribute('tabindex'))")) == {"-1"}
    expect(page.locator("#carte .leaflet-overlay-pane svg")).to_have_attribute("aria-hidden", "true")

    # Tab all the way through the map: never a shape, every stop has a name.
    met = tab_from_the_top(page, lambda element: element["inReferentList"])
    assert not [element for element in met if element and element["tag"] == "path"], met
    assert all(element and element["text"] for element in met), met
    names = [element["text"] for element in met]
    assert "Passer la carte" in names
    assert names.index("Passer la carte") < names.index("Carte des intercommunalités et des permanences")
    # « Passer la carte » shows when it has the focus.
    page.reload()
    expect(page.locator("#carte")).to_have_attribute("data-territories", "17")
    tab_from_the_top(page, lambda element: element["text"] == "Passer la carte")
    assert checks.focus_indicator_problem(page) is None
    assert page.get_by_role("link", name="Passer la carte").bounding_box()["width"] > 24

    # Enter: the focus goes to the list's heading, the next Tab to its first link.
    page.keyboard.press("Enter")
    expect(page.locator("#territoires")).to_be_focused()
    page.keyboard.press("Tab")
    assert focus(page)["inReferentList"]
    assert checks.axe_violations(page) == []
    assert not checks.csp_problems(console_messages)
    assert not failed_responses


def test_the_agenda_map_is_a_named_region_and_can_be_skipped(
    page, agenda_around_nantes, console_messages, failed_responses
):
    page.goto("/agenda/carte/")
    expect(page.locator("#agenda-map")).to_have_attribute("data-markers", DRAWN)

    region = page.get_by_role("region", name="Carte des rencontres")
    expect(region).to_have_attribute("tabindex", "0")  # Leaflet's arrows move the map
    expect(region).to_have_attribute("aria-describedby", "agenda-map-keys")
    # Said once the map is there (without JavaScript, the list alone shows).
    expect(page.locator("#agenda-map-keys")).to_be_visible()
    expect(page.locator("#agenda-map-keys")).to_contain_text("les flèches la déplacent")

    met = tab_from_the_top(page, lambda element: element["text"] == "Passer la carte")
    # The filters are folded: the way to the map crosses their summary only.
    assert not [element for element in met if element and element["tag"] in ("input", "select")], met
    page.keyboard.press("Enter")
    expect(page.locator("#liste-par-commune")).to_be_focused()
    page.keyboard.press("Tab")
    element = focus(page)
    assert element["inAgendaList"] and not element["inMap"], element

    # Without skipping, the region itself is the next stop after the link, by its name.
    page.reload()
    expect(page.locator("#agenda-map")).to_have_attribute("data-markers", DRAWN)
    tab_from_the_top(page, lambda element: element["text"] == "Passer la carte")
    page.keyboard.press("Tab")
    assert focus(page)["text"] == "Carte des rencontres"
    assert checks.focus_indicator_problem(page) is None
    assert checks.axe_violations(page) == []
    assert not checks.csp_problems(console_messages)
    assert not failed_responses


def settled_markers(page, zoom=None):
    """The markers once drawn for the current (or the given) zoom, after any zoom animation."""
    if zoom is not None:
        expect(page.locator("#agenda-map")).to_have_attribute("data-zoom", str(zoom))
    page.wait_for_function("() => !document.querySelector('#agenda-map.leaflet-zoom-anim')")
    return page.evaluate(_MARKERS_JS, "#agenda-map")


def assert_whole_targets(markers, zoom):
    assert markers["boxes"], f"no marker at zoom {zoom}"
    small = [box for box in markers["boxes"] if box["width"] < 24 or box["height"] < 24]
    assert not small, f"markers under 24 px at zoom {zoom}: {small}"
    assert not markers["overlaps"], f"markers covering each other at zoom {zoom}: {markers['overlaps']}"


def test_the_agenda_markers_are_whole_targets_of_24_px_at_every_zoom(page, agenda_around_nantes):
    page.goto("/agenda/carte/")
    expect(page.locator("#agenda-map")).to_have_attribute("data-markers", DRAWN)
    zoom = int(page.locator("#agenda-map").get_attribute("data-zoom"))
    markers = settled_markers(page)
    assert_whole_targets(markers, zoom)
    # The map opens on groups: some markers stand for several rencontres.
    assert any(box["cluster"] for box in markers["boxes"])

    for button, step in (("Zoomer", 1), ("Zoomer", 1), ("Zoomer", 1), ("Dézoomer", -1)):
        page.get_by_role("button", name=button, exact=True).click()
        zoom += step
        assert_whole_targets(settled_markers(page, zoom), zoom)
    # A group's round is 40 px; a single rencontre's pin 25 x 41.
    sizes = {(box["width"], box["height"]) for box in settled_markers(page)["boxes"]}
    assert sizes <= {(40, 40), (25, 41)}, sizes


def test_an_event_s_place_map_is_a_named_region(page):
    event = EventFactory(title="Repair café", insee="44184", start=next_local(days=3, hour=10))

    page.goto(event.get_absolute_url())

    expect(page.locator("#event-map .leaflet-marker-icon")).to_have_count(1)
    expect(page.get_by_role("region", name="Plan du lieu de la rencontre")).to_have_attribute("tabindex", "0")
