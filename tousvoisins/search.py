"""French full-text search, the same for the agenda, the forum, the news and the members.

Documents and queries go through the same SQL functions (migration 0004_search_french) before
the text search configuration `french_unaccent` (unaccent, then the French Snowball stemmer):

- `tv_search_words`: lower case, no accents, and the plural endings the stemmer keeps taken off
  ("vélos" and "velos" give "velo", "jeux" gives "jeu", "amis" gives "ami"). Snowball only
  drops a final "s" after a consonant or "e", so without this "vélos" never met "vélo".
- `tv_search_document`: the words, then each hyphenated word once more joined up
  ("co-voiturage" is also indexed as "covoiturage"); its parts stay searchable ("voiturage").
- `tv_search_query`: the words, hyphenated ones joined ("co-voiturage" looks for
  "covoiturage", which every document has, written with a hyphen or not).

When a search finds nothing, `suggestion()` offers the nearest spelling ("Vouliez-vous dire
« vélo » ?") among the words of what the page lists, by trigram similarity (pg_trgm).
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramWordDistance
from django.db.models import Func, TextField, Value

SEARCH_CONFIG = "french_unaccent"

# How close a word must be to the word typed to be offered (pg_trgm's similarity, 0 to 1):
# "velp" → "vélo" is 0.43, "cuisne" → "cuisine" 0.5; unrelated words stay below 0.3.
MIN_SIMILARITY = 0.4
# Nearest titles read to find the words to suggest: a few, through the trigram index.
SUGGESTION_CANDIDATES = 10
# Words shorter than this are never corrected (articles, "de", "et").
MIN_WORD_LENGTH = 3


class SearchWords(Func):
    """The text as search compares it: lower case, no accents, plurals folded (SQL)."""

    function = "tv_search_words"
    output_field = TextField()


class SearchDocument(Func):
    """The text as the search vector indexes it: SearchWords plus joined hyphenated words (SQL)."""

    function = "tv_search_document"
    output_field = TextField()


class SearchQueryText(Func):
    function = "tv_search_query"
    output_field = TextField()


def search_vector(*fields, weight=None):
    """The search vector of `fields`, for a generated column: each field as SearchDocument."""
    return SearchVector(*(SearchDocument(field) for field in fields), config=SEARCH_CONFIG, weight=weight)


def search_query(text):
    """What people typed (websearch syntax: "mots exacts", -sauf, ou) as a query on those vectors."""
    return SearchQuery(SearchQueryText(Value(text)), config=SEARCH_CONFIG, search_type="websearch")


# Suggestions -------------------------------------------------------------------------------------


def plain(text):
    """'Vélo' → 'velo': what trigram similarity compares."""
    text = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    return "".join(c for c in text if not unicodedata.combining(c))


def words_of(text):
    return re.findall(r"[^\W\d_]+", text)


def _trigrams(word):
    # pg_trgm's way: the word padded with two spaces before and one after.
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(first, second):
    """pg_trgm's similarity of two words (shared trigrams over all trigrams), accents ignored."""
    a, b = _trigrams(plain(first)), _trigrams(plain(second))
    return len(a & b) / len(a | b) if a and b else 0.0


def nearest_word(word, vocabulary):
    """The word of `vocabulary` nearest to `word`, or None when none is close enough."""
    best, best_score = None, MIN_SIMILARITY
    for candidate in vocabulary:
        score = similarity(word, candidate)
        if score > best_score or (score == best_score and best is None):
            best, best_score = candidate, score
    return best


def suggestion(text, queryset, field):
    """A spelling of `text` whose words are in `field` of `queryset`, or '' if none is nearer.

    One query: the titles nearest to `text` (trigram word distance, served by a GiST index on
    SearchWords(field) where the table is big); then, for each word typed, the nearest word of
    those titles. "velp" gives "vélo", "atelir cuisne" gives "atelier cuisine".
    """
    typed = words_of(text)
    if not typed:
        return ""
    titles = list(
        queryset.annotate(search_distance=TrigramWordDistance(SearchWords(Value(text)), SearchWords(field)))
        .order_by("search_distance")
        .values_list(field, flat=True)[:SUGGESTION_CANDIDATES]
    )
    vocabulary = {}
    for title in titles:
        for word in words_of(title):
            if len(word) >= MIN_WORD_LENGTH:
                vocabulary.setdefault(plain(word), word.lower())
    changed, result = False, []
    for word in typed:
        if len(word) < MIN_WORD_LENGTH or plain(word) in vocabulary:
            result.append(word)
            continue
        nearest = nearest_word(word, vocabulary.values())
        if nearest is None:
            result.append(word)
        else:
            result.append(nearest)
            changed = True
    return " ".join(result) if changed else ""


def suggestion_link(request, words, *, field="q"):
    """{"words", "url"} to run the search for `words` instead (other filters kept), or None."""
    if not words:
        return None
    query = request.GET.copy()
    query.pop("page", None)
    query[field] = words
    return {"words": words, "url": f"{request.path}?{query.urlencode()}"}
