"""A readability hint for French texts written for residents: warnings, never errors.

`readability_hints(text)` says when a sentence is long, when words are not everyday French (the
lists in tousvoisins/data/mots-courants/, see its README) and when an acronym is not explained.
Forms show the hints beside the field and save the text all the same.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext, ngettext

# Plain-language guides (FALC, the government's "écrire simple") ask for short sentences: 15 to
# 20 words. Past this many words a sentence gets a hint.
MAX_SENTENCE_WORDS = 20
# How many rare words or acronyms one hint names at most.
MAX_WORDS_NAMED = 5
WORD_LISTS = Path(__file__).resolve().parent / "data" / "mots-courants"
WORD_FILES = ("mots-courants.txt", "mots-du-site.txt")

# A sentence ends at . ! ? … (then a space) or at the end of a line (list items, paragraphs).
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
# A word: letters, maybe joined by a hyphen or an apostrophe ("peut-être", "aujourd'hui").
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Web and e-mail addresses are no words to read: left out.
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+", re.IGNORECASE)
# What an apostrophe elides in front of a word: "l'atelier", "qu'on", "jusqu'au".
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu|presqu)'", re.IGNORECASE)


@dataclass(frozen=True)
class Hint:
    kind: str  # "long_sentence", "rare_words" or "acronyms"
    message: str


@cache
def common_words():
    """The everyday French word forms, lowercase (about 18,000; read once)."""
    words = set()
    for name in WORD_FILES:
        for line in (WORD_LISTS / name).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                words.add(line.strip())
    return frozenset(words)


def sentences(text):
    return [part.strip() for part in _SENTENCE_END.split(text or "") if part.strip()]


def words(text):
    return [word.replace("’", "'") for word in _WORD.findall(text or "")]


def _is_common(word, common):
    lower = word.lower()
    if lower in common:
        return True
    bare = _ELISION.sub("", lower)
    if bare != lower:
        return _is_common(bare, common)
    if "-" in lower or "'" in lower:
        # "rendez-vous", "avez-vous", "vingt-deux": common when each part is.
        return all(_is_common(part, common) for part in re.split(r"['-]", lower) if len(part) > 1)
    return False


def _is_checked(word):
    """A word with a capital is a name (Martine, d'Ancenis): not checked; nor one letter."""
    bare = _ELISION.sub("", word)
    return len(bare) > 1 and bare[0].islower()


def _is_acronym(word):
    letters = _ELISION.sub("", word)
    return len(letters) >= 2 and letters.isupper()


def _quoted(items):
    return ", ".join(f"« {item} »" for item in items[:MAX_WORDS_NAMED]) + (
        "…" if len(items) > MAX_WORDS_NAMED else ""
    )


def _opening(sentence, count=6):
    head = sentence.split()
    return " ".join(head[:count]) + ("…" if len(head) > count else "")


def _long_sentence_hints(text, max_words):
    hints = []
    for sentence in sentences(text):
        count = len(words(sentence))
        if count > max_words:
            hints.append(
                Hint(
                    "long_sentence",
                    gettext(
                        "La phrase « %(opening)s » a %(count)s mots. Essayez de la couper en deux : "
                        "%(max_words)s mots au plus par phrase, c'est plus facile à lire."
                    )
                    % {"opening": _opening(sentence), "count": count, "max_words": max_words},
                )
            )
    return hints


def _word_hints(text):
    common = common_words()
    rare, acronyms = [], []
    for word in words(text):
        if _is_acronym(word):
            letters = _ELISION.sub("", word)
            if not _is_common(letters, common) and letters not in acronyms:
                acronyms.append(letters)
        elif _is_checked(word) and not _is_common(word, common):
            bare = _ELISION.sub("", word)
            if bare not in rare:
                rare.append(bare)
    hints = []
    if rare:
        message = ngettext(
            "Un mot peu courant : %(words)s. Si vous pouvez, dites-le avec des mots de tous les jours.",
            "Des mots peu courants : %(words)s. Si vous pouvez, dites-le avec des mots de tous les jours.",
            len(rare),
        )
        hints.append(Hint("rare_words", message % {"words": _quoted(rare)}))
    if acronyms:
        message = ngettext(
            "Un sigle : %(words)s. Écrivez-le en toutes lettres, ou dites ce qu'il veut dire.",
            "Des sigles : %(words)s. Écrivez-les en toutes lettres, ou dites ce qu'ils veulent dire.",
            len(acronyms),
        )
        hints.append(Hint("acronyms", message % {"words": _quoted(acronyms)}))
    return hints


def readability_hints(text, *, max_words=MAX_SENTENCE_WORDS):
    """The hints for `text` (plain French; Markdown marks are only punctuation here), in the order
    a person would fix them: long sentences, then rare words, then acronyms. [] when all is clear."""
    if not text or not text.strip():
        return []
    text = _ADDRESS.sub(" ", text)
    return _long_sentence_hints(text, max_words) + _word_hints(text)
