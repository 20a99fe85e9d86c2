"""'Qui est mon référent ?': from what a person types to their commune.

A commune name in any spelling ("st nazaire", "SAINT-NAZAIRE"), a postal code ("44600"), the
name of a former commune now part of a commune nouvelle ("Varades"), or an INSEE code. A postal
code or a name shared by several communes gives the choice; an entry that matches nothing gives
the closest names. Nothing here raises: the page always has something kind to say.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity

from tousvoisins.lib import normalize_place_name
from tousvoisins.models import Commune

# Beyond this many matches ("saint") the person is asked to type more rather than to scroll.
MAX_CHOICES = 30
MAX_SUGGESTIONS = 5
SIMILARITY_THRESHOLD = 0.25

# Former communes merged into a commune nouvelle, whose names people still use. The territory
# data lists their former INSEE codes only; these are their names (current INSEE code of the
# commune nouvelle; tests check each one exists and lists that former code).
FORMER_COMMUNES = {
    "saint gereon": ("44003", "44160"),
    "arthon en retz": ("44005", None),
    "chemere": ("44005", "44040"),
    "barbechat": ("44029", "44008"),
    "la chapelle basse mer": ("44029", None),
    "varades": ("44213", None),
    "belligne": ("44213", "44011"),
    "la chapelle saint sauveur": ("44213", "44034"),
    "la rouxiere": ("44213", "44147"),
    "saint etienne de corcoue": ("44156", None),
    "saint jean de corcoue": ("44156", "44167"),
    "saint meme le tenu": ("44087", "44181"),
    "le clion sur mer": ("44131", "44042"),
    "sainte marie": ("44131", "44177"),
    "sainte marie sur mer": ("44131", "44177"),
    "anetz": ("44163", "44004"),
    "saint herblon": ("44163", None),
    "saint mars la jaille": ("44180", None),
    "bonnoeuvre": ("44180", "44017"),
    "maumusson": ("44180", "44093"),
    "saint sulpice des landes": ("44180", "44191"),
    "vritz": ("44180", "44219"),
    "freigne": ("44180", "44225"),
    "bourgneuf en retz": ("44021", None),
    "fresnay en retz": ("44021", "44059"),
}


def _communes():
    # Never the polygons: the page shows names and the intercommunalité only.
    return Commune.objects.select_related("intercommunalite").defer(
        "geometry", "centre", "intercommunalite__geometry"
    )


@dataclass
class Lookup:
    query: str = ""
    commune: Commune | None = None
    # Set when this commune was found by a former name ("Varades" is now Loireauxence).
    former_name: str = ""
    choices: list = field(default_factory=list)
    too_many: bool = False
    suggestions: list = field(default_factory=list)

    @property
    def searched(self):
        return bool(self.query)

    @property
    def is_postal_code(self):
        return self.query.isdigit() and len(self.query) == 5


def find_commune(query="", insee=""):
    """A Lookup for what was typed (`query`) or chosen among several (`insee`)."""
    query = (query or "").strip()[:100]
    if insee:
        commune = _communes().filter(insee=insee).first()
        if commune is not None:
            return Lookup(query=query or commune.name, commune=commune)
    if not query:
        return Lookup()
    matches = list(_communes().matching(query).order_by("search_name")[: MAX_CHOICES + 1])
    if len(matches) == 1:
        return Lookup(query=query, commune=matches[0])
    if matches:
        return Lookup(query=query, choices=matches[:MAX_CHOICES], too_many=len(matches) > MAX_CHOICES)
    return _by_former_name_or_code(query) or Lookup(query=query, suggestions=suggestions(query))


def _by_former_name_or_code(query):
    key = normalize_place_name(query)
    if key in FORMER_COMMUNES:
        commune = _communes().filter(insee=FORMER_COMMUNES[key][0]).first()
        if commune is not None:
            return Lookup(query=query, commune=commune, former_name=query)
    if query.isdigit() and len(query) == 5:
        # Not a postal code: perhaps an INSEE code, today's or a former commune's.
        commune = (
            _communes().filter(insee=query).first()
            or _communes().filter(former_insee_codes__contains=[query]).first()
        )
        if commune is not None:
            return Lookup(query=query, commune=commune)
    return None


def suggestions(query):
    """The communes whose names are closest to `query` (pg_trgm), best first."""
    key = normalize_place_name(query)
    if not key or key.isdigit():
        return []
    return list(
        _communes()
        .annotate(similarity=TrigramSimilarity("search_name", key))
        .filter(similarity__gte=SIMILARITY_THRESHOLD)
        .order_by("-similarity", "search_name")[:MAX_SUGGESTIONS]
    )
