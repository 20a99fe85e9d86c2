import io
import json

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db.models import F

from tousvoisins.management.commands.load_territoire import DATA_DIR
from tousvoisins.models import Commune, Intercommunalite, OutsideTerritory, commune_for_point

pytestmark = pytest.mark.django_db


def _data_counts():
    communes = json.loads((DATA_DIR / "communes-44.geojson").read_text())["features"]
    epcis = json.loads((DATA_DIR / "epci-44.json").read_text())
    return len(communes), len(epcis)


def test_the_whole_territory_is_loaded():
    communes, epcis = _data_counts()
    assert (communes, epcis) == (207, 17)
    assert Commune.objects.count() == communes
    assert Intercommunalite.objects.count() == epcis
    assert sum(Commune.objects.values_list("population", flat=True)) == 1_487_570


def test_loading_twice_gives_the_same_rows():
    before = list(Commune.objects.order_by("insee").values_list("pk", "insee", "name", "intercommunalite_id"))
    call_command("load_territoire", stdout=io.StringIO())
    after = list(Commune.objects.order_by("insee").values_list("pk", "insee", "name", "intercommunalite_id"))
    assert before == after
    assert Intercommunalite.objects.count() == 17


def test_intercommunalites_have_full_names_never_a_bare_acronym():
    for interco in Intercommunalite.objects.all():
        assert not interco.full_name.startswith(("CC ", "CA "))
    nozay = Intercommunalite.objects.get(siren="244400537")
    assert nozay.full_name == "Communauté de communes de Nozay"
    assert nozay.communes.count() == 7


def test_redon_agglomeration_keeps_only_its_communes_of_loire_atlantique():
    redon = Intercommunalite.objects.get(siren="243500741")
    assert redon.seat_departement == "35"
    assert redon.communes.count() == 8
    assert redon.population == sum(redon.communes.values_list("population", flat=True))


@pytest.mark.parametrize(
    ("lon", "lat", "commune", "siren"),
    [
        (-1.5536, 47.2184, "Nantes", "244400404"),  # place Royale
        (-2.2138, 47.2735, "Saint-Nazaire", "244400644"),  # hôtel de ville
        (-2.4297, 47.3281, "Guérande", "244400610"),  # cité médiévale
        (-1.3760, 47.7175, "Châteaubriant", "200072726"),
    ],
)
def test_a_point_finds_its_commune_and_intercommunalite(lon, lat, commune, siren):
    found = commune_for_point(Point(lon, lat, srid=4326))
    assert found.name == commune
    assert found.intercommunalite.siren == siren


@pytest.mark.parametrize(
    ("lon", "lat"),
    [(-1.6778, 48.1173), (-2.0, 46.9), (-2.7, 47.1)],  # Rennes, Vendée, the ocean off Pornic
)
def test_a_point_outside_loire_atlantique_is_refused_with_a_clear_message(lon, lat):
    with pytest.raises(OutsideTerritory) as error:
        commune_for_point(Point(lon, lat, srid=4326))
    assert "n'est pas en Loire-Atlantique" in error.value.messages[0]


def test_every_commune_centre_lies_in_its_commune():
    assert Commune.objects.filter(geometry__contains=F("centre")).count() == 207


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("st herblain", ["Saint-Herblain"]),
        ("SAINT-HERBLAIN", ["Saint-Herblain"]),
        ("44800", ["Saint-Herblain"]),
        ("La Baule", ["La Baule-Escoublac"]),
        ("la baule escoublac", ["La Baule-Escoublac"]),
        ("guerande", ["Guérande"]),
        ("Ste Luce sur Loire", ["Sainte-Luce-sur-Loire"]),
        ("  Nantes ", ["Nantes"]),
        ("44000", ["Nantes"]),
        ("ancenis saint gereon", ["Ancenis-Saint-Géréon"]),
    ],
)
def test_a_commune_is_found_by_name_or_postal_code(typed, expected):
    assert list(Commune.objects.matching(typed).values_list("name", flat=True)) == expected


def test_a_postal_code_shared_by_several_communes_gives_them_all():
    names = set(Commune.objects.matching("44110").values_list("name", flat=True))
    assert {"Châteaubriant", "Erbray", "Soudan"} <= names
    assert len(names) > 3


def test_an_unknown_name_finds_nothing():
    assert not Commune.objects.matching("Rennes").exists()
    assert not Commune.objects.matching("").exists()
