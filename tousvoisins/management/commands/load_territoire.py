"""Load the 207 communes and 17 intercommunalités of Loire-Atlantique (idempotent).

Data: tousvoisins/data/territoire-44/ (Licence Ouverte 2.0, sources in its README.md).
"""

import json
from pathlib import Path

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point
from django.core.management.base import BaseCommand
from django.db import transaction

from tousvoisins.models import Commune, Intercommunalite
from tousvoisins.signals import territory_loaded

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "territoire-44"

# The names people use, and the full names shown to them: never a bare "CC" or "CA".
NAMES = {
    "244400404": ("Nantes Métropole", "Nantes Métropole"),
    "244400644": (
        "CARENE Saint-Nazaire Agglomération",
        "Communauté d'agglomération de la Région Nazairienne et de l'Estuaire (CARENE)",
    ),
    "244400610": (
        "Cap Atlantique",
        "Communauté d'agglomération de la Presqu'île de Guérande Atlantique (Cap Atlantique)",
    ),
    "200067346": ("Pornic Agglo Pays de Retz", "Communauté d'agglomération Pornic Agglo Pays de Retz"),
    "200067635": ("Clisson Sèvre et Maine Agglo", "Communauté d'agglomération Clisson Sèvre et Maine Agglo"),
    "243500741": ("Redon Agglomération", "Communauté d'agglomération Redon Agglomération"),
    "200072726": ("Châteaubriant-Derval", "Communauté de communes Châteaubriant-Derval"),
    "244400552": ("Pays d'Ancenis (COMPA)", "Communauté de communes du Pays d'Ancenis (COMPA)"),
    "200067866": ("Sèvre et Loire", "Communauté de communes Sèvre et Loire"),
    "200072734": ("Estuaire et Sillon", "Communauté de communes Estuaire et Sillon"),
    "244400503": ("Erdre et Gesvres", "Communauté de communes d'Erdre et Gesvres"),
    "244400438": ("Grand Lieu Communauté", "Communauté de communes de Grand Lieu"),
    "200000438": (
        "Pays de Pontchâteau Saint-Gildas-des-Bois",
        "Communauté de communes du Pays de Pontchâteau Saint-Gildas-des-Bois",
    ),
    "200071546": ("Sud Retz Atlantique", "Communauté de communes Sud Retz Atlantique"),
    "244400586": ("Sud Estuaire", "Communauté de communes du Sud Estuaire"),
    "244400537": ("Nozay", "Communauté de communes de Nozay"),
    "244400453": ("Pays de Blain", "Communauté de communes du Pays de Blain"),
}


def _multipolygon(geometry):
    geom = GEOSGeometry(json.dumps(geometry), srid=4326)
    if geom.geom_type == "Polygon":
        geom = MultiPolygon(geom, srid=4326)
    return geom


class Command(BaseCommand):
    help = "Charge les communes et intercommunalités de Loire-Atlantique (sans doublon si relancé)."

    @transaction.atomic
    def handle(self, *args, **options):
        epcis = {e["siren"]: e for e in json.loads((DATA_DIR / "epci-44.json").read_text())}
        shapes = json.loads((DATA_DIR / "epci-44-dans-44.geojson").read_text())["features"]
        by_siren = {}
        for feature in shapes:
            siren = feature["properties"]["siren"]
            data = epcis[siren]
            short_name, full_name = NAMES[siren]
            by_siren[siren], _ = Intercommunalite.objects.update_or_create(
                siren=siren,
                defaults={
                    "name": data["nom"],
                    "short_name": short_name,
                    "full_name": full_name,
                    "nature": data["nature"],
                    "population": data["population_44"],
                    "seat_departement": data["siege_departement"],
                    "geometry": _multipolygon(feature["geometry"]),
                },
            )
        communes = json.loads((DATA_DIR / "communes-44.geojson").read_text())["features"]
        for feature in communes:
            p = feature["properties"]
            commune = Commune.objects.filter(insee=p["code_insee"]).first() or Commune(insee=p["code_insee"])
            commune.name = p["nom"]
            commune.postal_codes = p["codes_postaux"]
            commune.population = p["population"]
            commune.former_insee_codes = p["anciens_codes"]
            commune.intercommunalite = by_siren[p["epci_siren"]]
            commune.geometry = _multipolygon(feature["geometry"])
            commune.centre = Point(*p["centroide"], srid=4326)
            commune.save()
        territory_loaded.send(sender=self.__class__)
        self.stdout.write(
            f"Territoire chargé : {Commune.objects.count()} communes, "
            f"{Intercommunalite.objects.count()} intercommunalités."
        )
