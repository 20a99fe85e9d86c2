"""From what a person types to their commune: "Qui est mon référent ?" (referents) and the
agenda's "Commune ou code postal" filter (events).

A commune name in any spelling ("st nazaire", "SAINT-NAZAIRE", "paimboeuf"), a postal code
("44600", "44 600"), both ("44600 Saint-Nazaire", "Nort-sur-Erdre (44)"), the name of a former
commune now part of a commune nouvelle ("Varades", "Le Clion"), or an INSEE code, today's or a
former one. A postal code or a name shared by several communes gives the choice; an entry that
matches nothing gives the closest names. Nothing here raises: the page always has something kind
to say.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import BooleanField, ExpressionWrapper, Q

from tousvoisins.lib import normalize_place_name
from tousvoisins.models import Commune

# Beyond this many matches ("saint") the person is asked to type more rather than to scroll.
MAX_CHOICES = 30
MAX_SUGGESTIONS = 5
SIMILARITY_THRESHOLD = 0.25
# How close a misspelt former name must be to be suggested (difflib's ratio).
FORMER_NAME_CUTOFF = 0.75

# Former communes merged into a commune nouvelle, whose names people still use. The territory
# data lists their former INSEE codes only (`anciens_codes`); these are their names, with the
# current INSEE code of the commune nouvelle and the former code (None: the commune nouvelle
# kept it). Tests check each one against the data.
FORMER_COMMUNES = {
    "Saint-Géréon": ("44003", "44160"),
    "Arthon-en-Retz": ("44005", None),
    "Chéméré": ("44005", "44040"),
    "Bourgneuf-en-Retz": ("44021", None),
    "Fresnay-en-Retz": ("44021", "44059"),
    "Barbechat": ("44029", "44008"),
    "La Chapelle-Basse-Mer": ("44029", None),
    "Saint-Même-le-Tenu": ("44087", "44181"),
    "Le Clion-sur-Mer": ("44131", "44042"),
    "Sainte-Marie": ("44131", "44177"),
    "Sainte-Marie-sur-Mer": ("44131", "44177"),
    "Saint-Étienne-de-Corcoué": ("44156", None),
    "Saint-Jean-de-Corcoué": ("44156", "44167"),
    "Anetz": ("44163", "44004"),
    "Saint-Herblon": ("44163", None),
    "Saint-Mars-la-Jaille": ("44180", None),
    "Bonnœuvre": ("44180", "44017"),
    "Maumusson": ("44180", "44093"),
    "Saint-Sulpice-des-Landes": ("44180", "44191"),
    "Vritz": ("44180", "44219"),
    "Freigné": ("44180", "44225"),
    "Varades": ("44213", None),
    "Belligné": ("44213", "44011"),
    "La Chapelle-Saint-Sauveur": ("44213", "44034"),
    "La Rouxière": ("44213", "44147"),
}

# "44600", "44 600"; never inside a longer number.
_POSTAL_CODE = re.compile(r"(?<!\d)(\d{2}) ?(\d{3})(?!\d)")
# The département's number written after a name: "Nort-sur-Erdre (44)", "Blain 44".
_DEPARTEMENT = re.compile(r"(?<!\w)\(?\s*44\s*\)?(?!\w)")


def _words_pattern(key):
    # As Commune.objects.matching: every word typed starts a word of the name, in order.
    return re.compile(r"(^| )" + r".* ".join(re.escape(word) for word in key.split()))


FORMER_KEYS = {normalize_place_name(name): (name, insee) for name, (insee, _) in FORMER_COMMUNES.items()}


def _communes():
    # Never the polygons: pages show names and the intercommunalité; the agenda's "autour de"
    # filter measures from the centre, a single point.
    return Commune.objects.select_related("intercommunalite").defer("geometry", "intercommunalite__geometry")


@dataclass
class Lookup:
    query: str = ""
    commune: Commune | None = None
    # Set when this commune was found by a former name ("Varades" is now Loireauxence).
    former_name: str = ""
    postal_code: str = ""
    choices: list = field(default_factory=list)
    too_many: bool = False
    suggestions: list = field(default_factory=list)

    @property
    def searched(self):
        return bool(self.query)

    @property
    def is_postal_code(self):
        return bool(self.postal_code)

    @property
    def is_partial_number(self):
        """Digits only, but not the five of a postal code ("44", "4480")."""
        digits = self.query.replace(" ", "")
        return digits.isdigit() and len(digits) != 5


def split_query(query):
    """('44600', 'Saint-Nazaire') for "44600 Saint-Nazaire"; ('', 'Blain') for "Blain (44)"."""
    match = _POSTAL_CODE.search(query)
    if match is None:
        return "", _DEPARTEMENT.sub(" ", query).strip(" ,-")
    words = query[: match.start()] + " " + query[match.end() :]
    return match.group(1) + match.group(2), _DEPARTEMENT.sub(" ", words).strip(" ,-()")


def find_commune(query="", insee=""):
    """A Lookup for what was typed (`query`) or chosen among several (`insee`)."""
    query = (query or "").strip()[:100]
    if insee:
        commune = _communes().filter(insee=insee).first()
        if commune is not None:
            return Lookup(query=query or commune.name, commune=commune)
    if not query:
        return Lookup()
    code, words = split_query(query)
    key = normalize_place_name(words)
    matches = _by_postal_code(code, key) if code else []
    if not matches and key:
        matches = _by_name(words)
    if len(matches) == 1:
        return Lookup(query=query, postal_code=code, commune=matches[0])
    if matches:
        return Lookup(
            query=query, postal_code=code, choices=matches[:MAX_CHOICES], too_many=len(matches) > MAX_CHOICES
        )
    return (
        _by_former_name(query, key)
        or _by_insee_code(query, code)
        or Lookup(query=query, postal_code=code, suggestions=suggestions(key))
    )


def _by_postal_code(code, key):
    """The communes of `code`, narrowed to the name typed beside it when it is one of them."""
    communes = list(_communes().filter(postal_codes__contains=[code]).order_by("search_name"))
    if key and len(communes) > 1:
        # "44190 Clisson": Clisson, not also Saint-Hilaire-de-Clisson.
        exact = [commune for commune in communes if commune.search_name == key]
        if exact:
            return exact
        pattern = _words_pattern(key)
        named = [commune for commune in communes if pattern.search(normalize_place_name(commune.name))]
        return named or communes
    return communes


def _by_name(words):
    """As Commune.objects.matching, in one query: the commune of exactly that name alone, else
    every commune whose name has the words typed ("La Baule" finds "La Baule-Escoublac")."""
    key = normalize_place_name(words)
    exact = ExpressionWrapper(Q(search_name=key), output_field=BooleanField())
    communes = list(
        _communes()
        .filter(search_name__regex=_words_pattern(key).pattern)
        .annotate(exact=exact)
        .order_by("-exact", "search_name")[: MAX_CHOICES + 1]
    )
    if communes and communes[0].exact:
        return communes[:1]
    return communes


def _former_names(key):
    """[(former name, INSEE of the commune nouvelle)] whose name is `key`, or starts with its words."""
    if key in FORMER_KEYS:
        return [FORMER_KEYS[key]]
    pattern = _words_pattern(key)
    return [found for former_key, found in FORMER_KEYS.items() if pattern.search(former_key)]


def _by_former_name(query, key):
    if not key:
        return None
    found = _former_names(key)
    insees = {insee for _, insee in found}
    communes = list(_communes().filter(insee__in=insees).order_by("search_name")) if insees else []
    if len(communes) == 1:
        return Lookup(query=query, commune=communes[0], former_name=found[0][0])
    if communes:
        return Lookup(query=query, choices=communes)
    return None


def _by_insee_code(query, code):
    """A five-digit number that is no postal code may be an INSEE code, today's or a former one."""
    if not code or query.replace(" ", "") != code:
        return None
    commune = (
        _communes().filter(insee=code).first()
        or _communes().filter(former_insee_codes__contains=[code]).first()
    )
    return Lookup(query=query, commune=commune) if commune is not None else None


def suggestions(key):
    """The communes whose names are closest to `key` (pg_trgm), best first; a misspelt former
    name ("Varade") suggests its commune nouvelle, with `.former_name` set."""
    if not key or key.isdigit():
        return []
    close_former = difflib.get_close_matches(key, FORMER_KEYS, n=2, cutoff=FORMER_NAME_CUTOFF)
    former_by_insee = {FORMER_KEYS[name][1]: FORMER_KEYS[name][0] for name in reversed(close_former)}
    communes = list(
        _communes()
        .annotate(similarity=TrigramSimilarity("search_name", key))
        .filter(Q(similarity__gte=SIMILARITY_THRESHOLD) | Q(insee__in=list(former_by_insee)))
        .order_by("-similarity", "search_name")[: MAX_SUGGESTIONS + len(former_by_insee)]
    )
    for commune in communes:
        commune.former_name = former_by_insee.get(commune.insee, "")
    # A close former name is the likelier meaning: its commune nouvelle comes first.
    communes.sort(key=lambda commune: not commune.former_name)
    return communes[:MAX_SUGGESTIONS]
