"""Names in French sentences: "du Loroux-Bottereau", "d'Orvault", "aux Sorinières"; and the
initials shown in place of a missing photo.

Place names come from the official lists: "Le Loroux-Bottereau", "Les Sorinières",
"Communauté de communes du Pays de Blain". Glued after "de" or "à" they must contract or elide
as anyone would say them, in every template and e-mail alike.
"""

import unicodedata

from django.utils import translation

# Le and Les contract with de and à; La and L' don't (and keep their capital: "de La Baule").
_CONTRACTIONS = {"le": ("du", "au"), "les": ("des", "aux")}
# Names of intercommunalités begin with a common noun that takes its article in a sentence.
_NOUN_ARTICLES = {"communauté": "la", "pays": "le", "sud": "le"}
# An aspirated h does not elide: "de Haute-Goulaine", but "d'Héric", "d'Herbignac".
_ASPIRATED_H = ("haut", "hal", "ham", "han", "har", "hay")


def _base_letter(char):
    return unicodedata.normalize("NFD", char)[0].lower() if char else ""


def _elides(name):
    first = _base_letter(name[:1])
    if first in "aeiouy":
        return bool(first)
    if first == "h":
        plain = "".join(_base_letter(char) for char in name[:4])
        return not plain.startswith(_ASPIRATED_H)
    return False


def _split_article(name):
    """("le", "Loroux-Bottereau") for "Le Loroux-Bottereau"; (None, name) without an article."""
    first, _, rest = name.partition(" ")
    if rest and first.lower() in _CONTRACTIONS:
        return first.lower(), rest
    if rest and first.lower() in _NOUN_ARTICLES:
        article = _NOUN_ARTICLES[first.lower()]
        return article, name if article == "le" else f"la {name}"
    return None, name


def _in_french():
    return (translation.get_language() or "fr").startswith("fr")


# In another language the name comes back as it is: the translated sentence carries its own
# preposition ("Les référents %(of_place)s" -> "Referents in %(of_place)s").
def de(name):
    """'de Nantes', 'du Loroux-Bottereau', 'des Sorinières', 'de La Baule-Escoublac', "d'Orvault"."""
    name = (name or "").strip()
    if not _in_french():
        return name
    article, rest = _split_article(name)
    if article in _CONTRACTIONS:
        return f"{_CONTRACTIONS[article][0]} {rest}"
    if article is None and _elides(name):
        return f"d'{name}"
    return f"de {rest}"


def de_person(name):
    """ "d'Alice", "d'Émilie", "de Bob", "de Le Gall Yannick": a person's name elides before a
    vowel but never contracts, since "Le" or "La" there is part of a surname, not an article."""
    name = (name or "").strip()
    if not _in_french():
        return name
    return f"d'{name}" if _elides(name) else f"de {name}"


def a(name):
    """'à Nantes', 'au Loroux-Bottereau', 'aux Sorinières', 'à La Baule-Escoublac', 'à Orvault'."""
    name = (name or "").strip()
    if not _in_french():
        return name
    article, rest = _split_article(name)
    if article in _CONTRACTIONS:
        return f"{_CONTRACTIONS[article][1]} {rest}"
    return f"à {rest}"


def initials(name, count=2):
    """The first letter of the first word and, with count=2, of the last word: 'Claire (exemple)'
    gives 'C', 'Jean-Pierre Martin' 'JM', 'élodie' 'É'. Only letters count: brackets, digits and
    emoji are skipped, and a name without a letter gives ''."""
    words = [(word, _first_letter(word)) for word in (name or "").split()]
    words = [(word, letter) for word, letter in words if letter]
    if not words:
        return ""
    first = words[0][1]
    # A word in brackets after the name is a note ("Claire (exemple)"), not a surname.
    rest = [letter for word, letter in words[1:] if not word.startswith("(")]
    if count < 2 or not rest:
        return first.upper()
    return (first + rest[-1]).upper()


def _first_letter(word):
    return next((char for char in word if char.isalpha()), "")
