"""The map of referents (/referents/carte/) and its GeoJSON of the intercommunalités."""

import json
from html import unescape
from io import StringIO

import pytest
from django.contrib.gis.geos import GEOSGeometry
from django.core.cache import cache
from django.core.management import call_command

from referents import maps
from referents.models import Referent
from tests.conftest import CAP_ATLANTIQUE, NANTES_METROPOLE
from tests.factories.referents import PermanenceFactory, ReferentFactory
from tousvoisins.models import Intercommunalite

pytestmark = pytest.mark.django_db

GEOJSON_URL = "/referents/carte/intercommunalites.geojson"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def referents():
    claire = ReferentFactory(public_name="Claire", kind=Referent.Kind.TERRITORY, sirens=[NANTES_METROPOLE])
    sophie = ReferentFactory(public_name="Sophie", themes=["emploi"])
    PermanenceFactory(referent=sophie, insee="44184", place_name="Espace France services")
    PermanenceFactory(referent=claire, place_name="Maison de quartier")  # not a marker: a territory referent
    return {"claire": claire, "sophie": sophie}


def _features(client):
    return json.loads(client.get(GEOJSON_URL).content)["features"]


def test_the_geojson_has_the_17_intercommunalites_with_their_referents_and_agenda(client, referents):
    response = client.get(GEOJSON_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    features = {feature["properties"]["siren"]: feature for feature in data["features"]}
    assert len(features) == 17
    nantes = features[NANTES_METROPOLE]["properties"]
    assert nantes == {
        "name": "Nantes Métropole",
        "siren": NANTES_METROPOLE,
        "referents": [{"name": "Claire", "url": f"/referents/{referents['claire'].pk}/"}],
        "referents_label": "Référent",
        "agenda_url": f"/agenda/?territoire={NANTES_METROPOLE}",
    }
    cap = features[CAP_ATLANTIQUE]["properties"]
    assert (
        cap["name"] == "Communauté d'agglomération de la Presqu'île de Guérande Atlantique (Cap Atlantique)"
    )
    assert cap["referents"] == []


def test_the_geometries_are_valid_simplified_and_rounded(client):
    features = _features(client)

    for feature in features:
        geometry = GEOSGeometry(json.dumps(feature["geometry"]))
        assert geometry.geom_type in ("Polygon", "MultiPolygon")
        assert geometry.valid, feature["properties"]["name"]
        territory = Intercommunalite.objects.get(siren=feature["properties"]["siren"])
        assert geometry.num_coords < territory.geometry.num_coords
        # Same place: the simplified shape covers nearly all the real one.
        assert geometry.intersection(territory.geometry).area / territory.geometry.area > 0.98
    coordinates = json.dumps([feature["geometry"]["coordinates"] for feature in features])
    longest_decimals = max(
        len(number.split(".")[1])
        for number in coordinates.replace("[", "").replace("]", "").split(", ")
        if "." in number
    )
    assert longest_decimals <= maps.PRECISION


def test_all_the_intercommunalites_weigh_less_than_300_kilobytes(client):
    assert len(client.get(GEOJSON_URL).content) < 300 * 1024


def test_the_geometries_are_cached_and_the_referents_read_fresh(client, django_assert_num_queries):
    # 1 the simplified geometries (then cached), 2 the territory referents.
    with django_assert_num_queries(2):
        client.get(GEOJSON_URL)
    ReferentFactory(public_name="Yann", kind=Referent.Kind.TERRITORY, sirens=[CAP_ATLANTIQUE])
    # 1 the territory referents only.
    with django_assert_num_queries(1):
        features = _features(client)
    cap = next(feature for feature in features if feature["properties"]["siren"] == CAP_ATLANTIQUE)
    assert [referent["name"] for referent in cap["properties"]["referents"]] == ["Yann"]


def test_inactive_referents_are_not_on_the_map(client, referents):
    referents["claire"].is_active = False
    referents["claire"].save()

    features = _features(client)

    assert all(feature["properties"]["referents"] == [] for feature in features)


# The page ------------------------------------------------------------------------------------


def test_the_map_page_loads_leaflet_from_our_own_static_files(client, referents):
    response = client.get("/referents/carte/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Carte des référents — Tous voisins 44</title>" in html
    assert '<link rel="stylesheet" href="/static/leaflet/leaflet.css">' in html
    assert '<script src="/static/leaflet/leaflet.js"></script>' in html
    assert '<script src="/static/referents/carte.js"></script>' in html
    assert "unpkg" not in html and "cdn" not in html.lower()
    # No inline script: the settings travel as JSON.
    assert '<script id="carte-config" type="application/json">' in html


def test_the_map_settings_carry_the_tiles_the_geojson_and_the_markers(client, referents, settings):
    html = client.get("/referents/carte/").content.decode()

    config = json.loads(
        unescape(html.split('<script id="carte-config" type="application/json">', 1)[1].split("</script>")[0])
    )
    assert config["tilesUrl"] == settings.MAP_TILES_URL
    assert config["attribution"] == settings.MAP_TILES_ATTRIBUTION
    assert config["territoriesUrl"] == GEOJSON_URL
    assert config["markers"] == [
        {
            "lat": pytest.approx(47.26, abs=0.1),
            "lon": pytest.approx(-2.25, abs=0.1),
            "name": "Sophie",
            "themes": "Emploi",
            "place": "Espace France services, Saint-Nazaire",
            "when": "le mardi de 14 h à 17 h",
            "url": f"/referents/{referents['sophie'].pk}/",
        }
    ]


def _config(client):
    html = client.get("/referents/carte/").content.decode()
    return json.loads(
        unescape(html.split('<script id="carte-config" type="application/json">', 1)[1].split("</script>")[0])
    )


def test_the_default_tiles_are_the_ign_plan_with_its_attribution(client):
    config = _config(client)

    assert config["tilesUrl"].startswith("https://data.geopf.fr/wmts?")
    assert "LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2" in config["tilesUrl"]
    assert "© IGN" in config["attribution"]


def test_another_tile_layer_and_its_attribution_are_set_in_the_settings(client, settings):
    settings.MAP_TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    settings.MAP_TILES_ATTRIBUTION = "© les contributeurs d'OpenStreetMap"

    config = _config(client)

    assert config["tilesUrl"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert config["attribution"] == "© les contributeurs d'OpenStreetMap"


def test_the_geojson_is_rfc_7946_longitude_then_latitude_inside_loire_atlantique(client):
    data = json.loads(client.get(GEOJSON_URL).content)

    assert set(data) == {"type", "features"}
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert feature["id"] == feature["properties"]["siren"]
        geometry = GEOSGeometry(json.dumps(feature["geometry"]))
        assert geometry.srid == 4326
        west, south, east, north = geometry.extent
        # Loire-Atlantique lies around 2.6°-0.9° West and 46.8°-47.9° North.
        assert -2.7 < west < east < -0.9, feature["properties"]["name"]
        assert 46.8 < south < north < 47.9, feature["properties"]["name"]


def test_the_list_beside_the_map_says_the_same_as_the_map(client, referents):
    html = unescape(client.get("/referents/carte/").content.decode())

    assert "Les 17 intercommunalités et leur référent" in html
    assert html.count("<h3>") == 17
    nantes = html.split("<h3>Nantes Métropole</h3>", 1)[1].split("</li>", 1)[0]
    assert (
        f'Référent de territoire :\n                <a href="/referents/{referents["claire"].pk}/">Claire</a>'
        in nantes
    )
    assert f'href="/agenda/?territoire={NANTES_METROPOLE}"' in nantes
    nozay = html.split("<h3>Communauté de communes de Nozay</h3>", 1)[1].split("</li>", 1)[0]
    assert "Recherche un référent — devenez bénévole" in nozay
    assert "Écrivez-nous pour proposer votre aide" in nozay
    permanences = html.split('id="permanences-thematiques"', 1)[1]
    assert "Le mardi de 14 h à 17 h, Espace France services, Saint-Nazaire" in permanences


def test_the_map_page_makes_a_fixed_number_of_queries(client, referents, django_assert_num_queries):
    # 1 the thematic referents' permanences with commune, referent, account and scope, 2 their
    # thèmes, 3 the territory referents, 4 the intercommunalités.
    with django_assert_num_queries(4):
        client.get("/referents/carte/")
    for index in range(3):
        PermanenceFactory(referent=ReferentFactory(public_name=f"Autre {index}", themes=["logement"]))
    ReferentFactory(public_name="Yann", kind=Referent.Kind.TERRITORY, sirens=[CAP_ATLANTIQUE])
    with django_assert_num_queries(4):
        client.get("/referents/carte/")


def test_loading_the_territory_again_drops_the_cached_shapes():
    maps.territory_shapes()
    assert cache.get(maps.CACHE_KEY) is not None
    call_command("load_territoire", stdout=StringIO())
    assert cache.get(maps.CACHE_KEY) is None
