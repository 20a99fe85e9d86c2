"""Build mots-courants.txt, the common French words of the readability hint (tousvoisins.readability).

Not run by the site, nor by `make`: run it by hand, in a scratch virtualenv that has wordfreq
(which is not a dependency of the project), from this folder:

    python3.13 -m venv /tmp/wf && /tmp/wf/bin/pip install "wordfreq==3.1.1"
    /tmp/wf/bin/python build.py > mots-courants.txt

Two steps:
1. the common forms: the French word forms whose frequency is at least ZIPF_COMMON on the Zipf
   scale (3.4: about 2.5 uses a million words), written in lowercase letters, with a hyphen or an
   apostrophe at most inside, leaving out the forms far more frequent in English ("the", "and");
2. their inflections: a reader who knows "vérifier" and "prêter" reads "vérifient" and "prêtées"
   without trouble, though these forms are rarer. For each common form, the other forms of its
   family are made by the regular endings of French (PARADIGMS: verbs in -er, -ir, -ire, -dre;
   nouns and adjectives in -s, -e, -al/-aux, -eux/-euse, -if/-ive, -eur/-euse…), and kept when
   wordfreq has met them at least at ZIPF_INFLECTION (a real word, not a made-up one).
"""

from importlib.metadata import version

import regex
import wordfreq

ZIPF_COMMON = 3.4
ZIPF_INFLECTION = 2.0
# A form this much more frequent in English than in French is an English word in French texts.
ENGLISH_GAP = 1.5
# A stem shorter than this matches too much by chance ("m" + "er" = "mer").
MIN_STEM = 3
WORD = regex.compile(r"^\p{Ll}{2,}(?:['-]\p{Ll}+)*$")

_ER = (
    "er e es ons ez ent ais ait ions iez aient erai eras era "
    "erons erez eront erais erait erions eriez eraient é ée és ées ant èrent"
)
_IR = (
    "ir is it issons issez issent issais issait issions issiez issaient "
    "irai iras ira irons irez iront irais irait i ie ies issant"
)
_IRE = (
    "ire is it isons isez isent isais isait isaient u ue us "
    "ues ite ites isant irai iras ira irons irez iront irais irait"
)
_DRE = (
    "dre ds d dons dez dent dais dait dions diez daient drai "
    "dras dra drons drez dront drais drait du due dus dues dant"
)
# (endings a form may end with to be read as part of the family, all the endings of the family).
PARADIGMS = [
    (["er", "é", "ée", "és", "ées", "ant", "ez", "ons"], _ER.split()),
    (["ir", "issent", "issant", "issons", "issez"], _IR.split()),
    (["ire", "isent", "isons", "isez"], _IRE.split()),
    (["dre", "dent", "dons", "dez", "dant"], _DRE.split()),
    (["al", "aux", "ale", "ales"], ["al", "aux", "ale", "ales", "als"]),
    (["eau", "eaux"], ["eau", "eaux"]),
    (["eux", "euse", "euses"], ["eux", "euse", "euses"]),
    (["if", "ive", "ifs", "ives"], ["if", "ive", "ifs", "ives"]),
    (["ier", "ière", "iers", "ières"], ["ier", "ière", "iers", "ières"]),
    (["teur", "trice", "teurs", "trices"], ["teur", "trice", "teurs", "trices"]),
    (["eur", "eurs"], ["eur", "eurs", "euse", "euses"]),
    (["ien", "ienne", "iens", "iennes"], ["ien", "ienne", "iens", "iennes"]),
    (["el", "elle", "els", "elles"], ["el", "elle", "els", "elles"]),
    (["et", "ette", "ets", "ettes"], ["et", "ette", "ets", "ettes"]),
    # Plurals and feminines of everything else: "", "s", "e", "es".
    (["e", "es", "s", ""], ["", "s", "e", "es"]),
]

HEADER = f"""\
# Mots courants du français, pour le conseil de lecture (tousvoisins/readability.py).
# Une forme par ligne (pluriels, féminins et conjugaisons sont des formes à part), en minuscules.
# Source : wordfreq {version("wordfreq")} (https://github.com/rspeer/wordfreq), liste « large » du
# français : les formes de fréquence Zipf >= {ZIPF_COMMON}, et les autres formes de leur famille
# (terminaisons régulières) de fréquence Zipf >= {ZIPF_INFLECTION}. Données sous licence CC BY-SA 4.0 :
# voir README.md. Produit par build.py ; ne pas modifier à la main (ajouts : mots-du-site.txt)."""


def is_french_word(word, zipf):
    return bool(WORD.match(word)) and wordfreq.zipf_frequency(word, "en") - zipf <= ENGLISH_GAP


def common_forms(frequencies):
    for word, frequency in frequencies.items():
        zipf = wordfreq.freq_to_zipf(frequency)
        if zipf >= ZIPF_COMMON and is_french_word(word, zipf):
            yield word


def family(word):
    """The forms of `word`'s family by the regular endings (made up: to be checked)."""
    for triggers, endings in PARADIGMS:
        for trigger in triggers:
            if word.endswith(trigger) and len(word) - len(trigger) >= MIN_STEM:
                stem = word[: len(word) - len(trigger)] if trigger else word
                yield from (stem + ending for ending in endings)


def inflections(common, frequencies):
    for word in common:
        for form in family(word):
            if form in common or form not in frequencies:
                continue
            zipf = wordfreq.freq_to_zipf(frequencies[form])
            if zipf >= ZIPF_INFLECTION and is_french_word(form, zipf):
                yield form


def main():
    frequencies = wordfreq.get_frequency_dict("fr", wordlist="large")
    common = set(common_forms(frequencies))
    words = common | set(inflections(common, frequencies))
    print(HEADER)
    for word in sorted(words):
        print(word)


if __name__ == "__main__":
    main()
