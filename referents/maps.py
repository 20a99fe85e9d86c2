"""The map of referents: intercommunalités simplified for the web, their referents, the markers.

The polygons are simplified by PostGIS once and kept in the cache (they change only when the
territory is loaded again, and load_territoire clears them); who the referents
are is read fresh on every request, in one query, so the map is never out of date about people.
"""

import json
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Func, TextField
from django.urls import reverse

from tousvoisins.models import Intercommunalite

from .models import TERRITORY_FIELDS, Permanence, Referent, territory_titles_in_words, titles_in_words

# Degrees: about 40 m across here, invisible at the scale of the département, and it divides
# the weight by about 1.5 (all 17 territories come to about 90 KB).
TOLERANCE = 0.0005
# Coordinates rounded to 4 decimals (about 10 m); snapping to that grid before writing keeps
# every polygon valid after rounding.
PRECISION = 4
CACHE_KEY = f"referents:territory-shapes:v1:{TOLERANCE}:{PRECISION}"
CACHE_SECONDS = 24 * 3600


class WebGeoJSON(Func):
    """The geometry as GeoJSON text, simplified, snapped to the rounding grid and kept valid."""

    template = (
        "ST_AsGeoJSON(ST_CollectionExtract(ST_MakeValid(ST_SnapToGrid("
        f"ST_SimplifyPreserveTopology(%(expressions)s, {TOLERANCE}), {10**-PRECISION})), 3), {PRECISION})"
    )
    output_field = TextField()


class ReferentLink(NamedTuple):
    name: str
    url: str
    title: str


def territory_shapes():
    """[(siren, full name, GeoJSON geometry text)] of the 17 intercommunalités, from the cache."""
    shapes = cache.get(CACHE_KEY)
    if shapes is None:
        shapes = list(
            Intercommunalite.objects.annotate(web=WebGeoJSON("geometry"))
            .order_by("short_name")
            .values_list("siren", "full_name", "web")
        )
        cache.set(CACHE_KEY, shapes, CACHE_SECONDS)
    return shapes


def clear_cache():
    cache.delete(CACHE_KEY)


def on_territory_loaded(**kwargs):
    clear_cache()


def territory_referents():
    """{siren: [ReferentLink]} of the active territory referents, in one query."""
    rows = (
        Referent.objects.active()
        .territorial()
        .filter(user__scope__intercommunalites__isnull=False)
        .order_by("public_name", "pk")
        .values_list("user__scope__intercommunalites__siren", "pk", "public_name", "title")
    )
    referents = {}
    for siren, pk, name, title in rows:
        url = reverse("referents:detail", args=[pk])
        referents.setdefault(siren, []).append(ReferentLink(name, url, title))
    return referents


def referents_label(links):
    """'Référente de territoire', 'Référents de territoire'…: the words before the names."""
    return territory_titles_in_words(link.title for link in links)


def agenda_url(siren):
    return f"{reverse('events:list')}?territoire={siren}"


def territories_geojson():
    """The FeatureCollection of /referents/carte/intercommunalites.geojson, as text.

    The cached geometries are pasted in as they come from PostGIS, never parsed again.
    """
    referents = territory_referents()
    features = []
    for siren, full_name, geometry in territory_shapes():
        links = referents.get(siren, [])
        properties = {
            "name": full_name,
            "siren": siren,
            "referents": [{"name": link.name, "url": link.url} for link in links],
            "referents_label": titles_in_words(link.title for link in links),
            "agenda_url": agenda_url(siren),
        }
        features.append(
            f'{{"type":"Feature","id":{json.dumps(siren)},'
            f'"properties":{json.dumps(properties, ensure_ascii=False)},"geometry":{geometry}}}'
        )
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


def territories_with_referents():
    """The intercommunalités in name order, each with `.referent_links`: the list beside the map."""
    referents = territory_referents()
    territories = list(Intercommunalite.objects.only(*TERRITORY_FIELDS).order_by("short_name"))
    for territory in territories:
        territory.referent_links = referents.get(territory.siren, [])
        territory.referents_label = referents_label(territory.referent_links)
        territory.agenda_url = agenda_url(territory.siren)
    return territories


def permanence_markers(permanences):
    """What the map's markers say, for json_script."""
    markers = []
    for permanence in permanences:
        place = f"{permanence.place_name}, {permanence.commune.name}"
        markers.append(
            {
                "lat": round(permanence.point.y, 5),
                "lon": round(permanence.point.x, 5),
                "name": permanence.referent.public_name,
                "themes": ", ".join(theme.label for theme in permanence.referent.themes),
                "place": place,
                "when": permanence.when_in_words,
                "url": permanence.referent.get_absolute_url(),
            }
        )
    return markers


def map_permanences():
    return list(Permanence.objects.for_map())
