"""How the words members type become tags that meet: "Cuisine", "cuisine " and "cuisiner" are one.

The rule (also told to members on /aide/ and in the form's help):

1. What is shown (`clean_label`): the text trimmed, spaces collapsed, in lower case
   ("  Jeux  de Société " gives "jeux de société"). The first person to use a tag gives it
   its shown form; a suggestion of the curated list keeps the form written there.
2. What is compared (`tag_key`), never shown:
   - accents and punctuation gone, lower case ("Société" → "societe", "l'été" → "l ete");
   - a leading "j'aime", "aimer" and leading articles dropped ("la cuisine" → "cuisine");
   - each word of more than three letters loses a final "s" or "x" ("jeux" → "jeu",
     "randonnées" → "randonnee"), so singular and plural meet;
   - then a small table of synonyms maps verbs and variants onto one word
     ("cuisiner" → "cuisine", "jardiner" → "jardinage").
   - words joined by hyphens, so the key is a slug ("jeu-de-societe").
   Two tags with the same key are the same tag (Tag.slug holds the key, unique).
"""

import re
import unicodedata

MAX_LABEL_LENGTH = 40

_LEADING_WORDS = (
    "j aime bien",
    "j aime",
    "aimer",
    "de la",
    "de l",
    "le",
    "la",
    "les",
    "l",
    "un",
    "une",
    "des",
    "du",
)

# Keys (after plural stripping) that mean the same thing as another key. Add a line when
# members' words split people apart; the key on the right is what they meet on.
SYNONYMS = {
    "cuisiner": "cuisine",
    "faire la cuisine": "cuisine",
    "patisser": "patisserie",
    "jardiner": "jardinage",
    "jardin": "jardinage",
    "lire": "lecture",
    "livre": "lecture",
    "marcher": "marche",
    "marche a pied": "marche",
    "randonner": "randonnee",
    "rando": "randonnee",
    "chanter": "chant",
    "danser": "danse",
    "dessiner": "dessin",
    "peindre": "peinture",
    "tricoter": "tricot",
    "coudre": "couture",
    "bricoler": "bricolage",
    "nager": "natation",
    "piscine": "natation",
    "photo": "photographie",
    "photographier": "photographie",
    "faire du velo": "velo",
    "bicyclette": "velo",
    "jouer aux carte": "jeu de carte",
    "carte": "jeu de carte",
    "ordinateur": "informatique",
    "internet": "informatique",
    "smartphone": "telephone portable",
    "portable": "telephone portable",
    "jouer de la musique": "musique",
    "ecrire": "ecriture",
    "voyager": "voyage",
    "benevole": "benevolat",
}


def clean_label(text):
    """The shown form: trimmed, spaces collapsed, lower case, at most MAX_LABEL_LENGTH letters."""
    return " ".join((text or "").split()).lower()[:MAX_LABEL_LENGTH].strip()


def _ascii_words(text):
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.findall(r"[a-z0-9]+", text.replace("œ", "oe").replace("æ", "ae"))


def _singular(word):
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


def tag_key(text):
    """The comparison key of a tag ('' when nothing is left to compare)."""
    words = _ascii_words(text or "")
    phrase = " ".join(words)
    changed = True
    while changed:
        changed = False
        for leading in _LEADING_WORDS:
            if phrase.startswith(leading + " "):
                phrase = phrase[len(leading) + 1 :]
                changed = True
    key = " ".join(_singular(word) for word in phrase.split())
    return SYNONYMS.get(key, key).replace(" ", "-")


def _parts(text):
    return [" ".join(part.split()) for part in re.split(r"[,;\n]+", text or "")]


def split_free_text(text):
    """'Cuisine, jeux de cartes ; vélo' → ['cuisine', 'jeux de cartes', 'vélo'] (shown forms)."""
    return [label for label in (clean_label(part) for part in _parts(text)) if label]


def too_long_parts(text):
    """The parts of `text` longer than a tag may be (they would be cut)."""
    return [part for part in _parts(text) if len(part) > MAX_LABEL_LENGTH]


def unique_by_key(labels):
    """The labels in their order, without two of the same key nor empty keys."""
    seen, result = set(), []
    for label in labels:
        key = tag_key(label)
        if key and key not in seen:
            seen.add(key)
            result.append(label)
    return result
