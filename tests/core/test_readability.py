"""The readability hint (tousvoisins.readability) and "En bref" made from a longer text
(tousvoisins.text.summary_from): issue 17, item 2."""

from pathlib import Path

from tousvoisins import readability
from tousvoisins.readability import MAX_SENTENCE_WORDS, common_words, readability_hints
from tousvoisins.text import SUMMARY_MAX_LENGTH, summary_from, summary_from_description

DATA = Path(readability.__file__).resolve().parent / "data" / "mots-courants"


def kinds(text):
    return [hint.kind for hint in readability_hints(text)]


def test_a_short_text_in_everyday_words_gets_no_hint():
    assert (
        readability_hints("On tricote ensemble autour d'un café. Débutants bienvenus, la laine est prêtée.")
        == []
    )
    # Inflections, elisions, hyphenated words and names are everyday French too.
    assert (
        kinds("Aujourd'hui, les bénévoles vérifient les vélos prêtés. Rendez-vous à l'atelier de Couëron.")
        == []
    )
    assert readability_hints("") == []
    # Addresses are no words to read.
    assert (
        kinds("Inscrivez-vous sur [le site](https://www.exemple.fr/inscription) ou à accueil@mairie.fr.")
        == []
    )


def test_a_long_sentence_is_counted_and_quoted():
    sentence = " ".join(["on parle"] * 12) + "."
    hints = readability_hints(f"Bonjour. {sentence}")
    assert [hint.kind for hint in hints] == ["long_sentence"]
    assert hints[0].message.startswith("La phrase « on parle on parle on parle… » a 24 mots.")
    assert f"{MAX_SENTENCE_WORDS} mots au plus par phrase" in hints[0].message
    # Each line of a list is a sentence of its own.
    assert kinds("\n".join(["- relire un CV à plusieurs, avec des voisins et des amis"] * 5)) == []


def test_rare_words_and_acronyms_are_named_once_each():
    hints = readability_hints(
        "La mutualisation des moyens de l'EPCI. La dématérialisation, la mutualisation. Un CV et la LSF."
    )
    assert [hint.kind for hint in hints] == ["rare_words", "acronyms"]
    assert hints[0].message == (
        "Des mots peu courants : « mutualisation », « dématérialisation ». Si vous pouvez, dites-le avec "
        "des mots de tous les jours."
    )
    # "CV" is everyday French; "EPCI" (after its elided article) and "LSF" are not.
    assert hints[1].message == (
        "Des sigles : « EPCI », « LSF ». Écrivez-les en toutes lettres, ou dites ce qu'ils veulent dire."
    )
    assert readability_hints("Une réunion sur l'intercommunalité.")[0].message.startswith(
        "Un mot peu courant : « intercommunalité »."
    )


def test_the_hint_names_a_few_rare_words_at_most():
    hints = readability_hints(
        "pérennisation subsidiarité transversalité mutualisation parentalité inclusivité"
    )
    assert hints[0].message.count("«") == readability.MAX_WORDS_NAMED
    assert "…" in hints[0].message


def test_the_word_list_is_the_documented_one():
    words = common_words()
    assert 30_000 < len(words) < 40_000
    assert {"rencontre", "rencontres", "rencontrons", "vérifient", "médiathèque", "tricot"} <= words
    assert not {"mutualisation", "intercommunalité", "the"} & words
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "wordfreq 3.1.1" in readme
    assert "CC BY-SA 4.0" in readme
    assert (DATA / "mots-courants.txt").read_text(encoding="utf-8").startswith("# Mots courants du français")


def test_en_bref_from_a_longer_text_is_its_first_sentence_cut_cleanly():
    assert summary_from("Un café pour parler emploi. Venez nombreux !") == "Un café pour parler emploi."
    assert summary_from("- relire un CV\n- partager des offres") == "Relire un CV"
    assert summary_from("Pas de point final") == "Pas de point final"
    assert summary_from("   ") == ""
    long = summary_from("mot " * 100)
    assert len(long) <= SUMMARY_MAX_LENGTH
    assert long.endswith("mot…")
    assert summary_from_description("On relit les **CV**.\n\nEnsuite…", title="Atelier") == "On relit les CV."
    assert summary_from_description("", title="Atelier CV") == "Atelier CV"
