"""French wording (issue item 7): names glued after "de" and "à" contract and elide as people say
them ("du Loroux-Bottereau", "d'Orvault"), for the 207 communes and 17 intercommunalités; blocking
speaks of "cette personne", not "il"; initials take letters only ("Claire (exemple)" gives "C")."""

import re
import unicodedata
from html import unescape

import pytest
from django.core.cache import cache

from tests.conftest import CAP_ATLANTIQUE, NANTES_METROPOLE
from tests.factories.profiles import block, profile_for
from tests.factories.referents import ReferentFactory
from tousvoisins.french import a, de, de_person, initials
from tousvoisins.models import Commune, Intercommunalite

pytestmark = pytest.mark.django_db


def _html(response):
    return unescape(response.content.decode())


def _title(response):
    return re.search(r"<title>(.*?)</title>", _html(response), re.S).group(1).strip()


# The helper, on every commune ------------------------------------------------------------------

COMMUNES = [
    # (name, after "de", after "à")
    ("Nantes", "de Nantes", "à Nantes"),
    ("Saint-Nazaire", "de Saint-Nazaire", "à Saint-Nazaire"),
    ("Le Loroux-Bottereau", "du Loroux-Bottereau", "au Loroux-Bottereau"),
    ("Le Croisic", "du Croisic", "au Croisic"),
    ("Le Pellerin", "du Pellerin", "au Pellerin"),
    ("Le Temple-de-Bretagne", "du Temple-de-Bretagne", "au Temple-de-Bretagne"),
    ("Les Sorinières", "des Sorinières", "aux Sorinières"),
    ("Les Moutiers-en-Retz", "des Moutiers-en-Retz", "aux Moutiers-en-Retz"),
    ("Les Touches", "des Touches", "aux Touches"),
    ("La Baule-Escoublac", "de La Baule-Escoublac", "à La Baule-Escoublac"),
    ("La Chapelle-sur-Erdre", "de La Chapelle-sur-Erdre", "à La Chapelle-sur-Erdre"),
    ("La Turballe", "de La Turballe", "à La Turballe"),
    ("Orvault", "d'Orvault", "à Orvault"),
    ("Ancenis-Saint-Géréon", "d'Ancenis-Saint-Géréon", "à Ancenis-Saint-Géréon"),
    ("Assérac", "d'Assérac", "à Assérac"),
    ("Aigrefeuille-sur-Maine", "d'Aigrefeuille-sur-Maine", "à Aigrefeuille-sur-Maine"),
    ("Indre", "d'Indre", "à Indre"),
    ("Issé", "d'Issé", "à Issé"),
    ("Oudon", "d'Oudon", "à Oudon"),
    ("Erbray", "d'Erbray", "à Erbray"),
    # A mute h elides, an aspirated one does not.
    ("Héric", "d'Héric", "à Héric"),
    ("Herbignac", "d'Herbignac", "à Herbignac"),
    ("Haute-Goulaine", "de Haute-Goulaine", "à Haute-Goulaine"),
]


@pytest.mark.parametrize(("name", "after_de", "after_a"), COMMUNES)
def test_a_commune_name_contracts_and_elides_after_de_and_a(name, after_de, after_a):
    assert Commune.objects.filter(name=name).exists()
    assert (de(name), a(name)) == (after_de, after_a)


def _starts_with_vowel(name):
    return unicodedata.normalize("NFD", name[0])[0].lower() in "aeiouy"


def test_every_one_of_the_207_communes_reads_right_after_de_and_a():
    names = list(Commune.objects.values_list("name", flat=True))
    assert len(names) == 207

    for name in names:
        after_de, after_a = de(name), a(name)
        for wrong in ("de Le ", "de Les ", "à Le ", "à Les ", "de le ", "à les "):
            assert wrong not in f"{after_de} {after_a}", name
        if name.startswith("Le "):
            assert (after_de, after_a) == (f"du {name[3:]}", f"au {name[3:]}")
        elif name.startswith("Les "):
            assert (after_de, after_a) == (f"des {name[4:]}", f"aux {name[4:]}")
        elif _starts_with_vowel(name):
            assert (after_de, after_a) == (f"d'{name}", f"à {name}")
        elif name.startswith("H"):
            assert after_de in (f"d'{name}", f"de {name}") and after_a == f"à {name}"
        else:
            assert (after_de, after_a) == (f"de {name}", f"à {name}")


INTERCOMMUNALITES = {
    # short name: after "de"
    "Nantes Métropole": "de Nantes Métropole",
    "CARENE Saint-Nazaire Agglomération": "de CARENE Saint-Nazaire Agglomération",
    "Cap Atlantique": "de Cap Atlantique",
    "Pays d'Ancenis (COMPA)": "du Pays d'Ancenis (COMPA)",
    "Pays de Blain": "du Pays de Blain",
    "Pays de Pontchâteau Saint-Gildas-des-Bois": "du Pays de Pontchâteau Saint-Gildas-des-Bois",
    "Sud Estuaire": "du Sud Estuaire",
    "Sud Retz Atlantique": "du Sud Retz Atlantique",
    "Erdre et Gesvres": "d'Erdre et Gesvres",
    "Estuaire et Sillon": "d'Estuaire et Sillon",
    "Grand Lieu Communauté": "de Grand Lieu Communauté",
    "Nozay": "de Nozay",
    "Sèvre et Loire": "de Sèvre et Loire",
    "Châteaubriant-Derval": "de Châteaubriant-Derval",
    "Clisson Sèvre et Maine Agglo": "de Clisson Sèvre et Maine Agglo",
    "Pornic Agglo Pays de Retz": "de Pornic Agglo Pays de Retz",
    "Redon Agglomération": "de Redon Agglomération",
}


def test_every_intercommunalite_reads_right_after_de_by_its_short_and_its_full_name():
    territories = list(Intercommunalite.objects.all())
    assert {territory.short_name for territory in territories} == set(INTERCOMMUNALITES)

    for territory in territories:
        assert de(territory.short_name) == INTERCOMMUNALITES[territory.short_name]
        if territory.full_name.startswith("Communauté"):
            assert de(territory.full_name) == f"de la {territory.full_name}"
            assert a(territory.full_name) == f"à la {territory.full_name}"
        else:
            assert de(territory.full_name) == f"de {territory.full_name}"
    assert de("Communauté de communes du Pays de Blain") == "de la Communauté de communes du Pays de Blain"
    assert a("Pays de Blain") == "au Pays de Blain"


def test_month_names_elide_too():
    assert (de("avril 2027"), de("août 2027"), de("décembre 2026")) == (
        "d'avril 2027",
        "d'août 2027",
        "de décembre 2026",
    )


# The helper in the pages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        ("Le Loroux-Bottereau", "La commune du Loroux-Bottereau fait partie de l'intercommunalité"),
        ("44840", "La commune des Sorinières fait partie de l'intercommunalité"),
        ("Orvault", "La commune d'Orvault fait partie de l'intercommunalité"),
        ("La Baule", "La commune de La Baule-Escoublac fait partie de l'intercommunalité"),
        ("Nantes", "La commune de Nantes fait partie de l'intercommunalité"),
    ],
)
def test_who_is_my_referent_names_the_commune_in_good_french(client, typed, sentence):
    html = _html(client.get("/referents/trouver/", {"q": typed}))

    assert sentence in html
    assert "de Le " not in html and "de Les " not in html


@pytest.mark.parametrize(
    ("siren", "words"),
    [
        (NANTES_METROPOLE, "QR code : l'agenda de Nantes Métropole, à jour"),
        (
            CAP_ATLANTIQUE,
            "QR code : l'agenda de la Communauté d'agglomération de la Presqu'île de Guérande "
            "Atlantique (Cap Atlantique), à jour",
        ),
    ],
)
def test_the_printable_agenda_names_its_intercommunalite_in_good_french(client, siren, words):
    html = _html(client.get(f"/agenda/imprimer/{siren}/"))

    assert words in html
    assert "l'agenda de Communauté" not in html


def test_the_agenda_filtered_around_a_commune_says_du_and_d(client):
    loroux = client.get("/agenda/", {"autour": "44084", "rayon": "10"})
    orvault = client.get("/agenda/", {"autour": "44114", "rayon": "5"})

    assert _title(loroux) == "Agenda — à 10 km autour du Loroux-Bottereau — Tous voisins 44"
    assert _title(orvault) == "Agenda — à 5 km autour d'Orvault — Tous voisins 44"


def test_the_month_agenda_elides_before_a_vowel(client):
    assert _title(client.get("/agenda/mois/2027/04/")).startswith("Agenda d'avril 2027")
    assert _title(client.get("/agenda/mois/2026/12/")).startswith("Agenda de décembre 2026")


# Blocking, said of "cette personne" -------------------------------------------------------------


def test_blocking_says_cette_personne_ne_peut_plus_vous_ecrire(client, alice, bob):
    client.force_login(alice)
    before = _html(client.get("/membres/bob/"))

    response = client.post("/membres/bob/bloquer/", {"next": "/membres/bob/"}, follow=True)
    after = _html(response)
    blocked_list = _html(client.get("/mon-profil/membres-bloques/"))

    assert (
        "Si vous bloquez Bob, cette personne ne pourra plus vous écrire. Elle n'en sera pas avertie."
        in before
    )
    assert (
        "Ce membre est bloqué : cette personne ne peut plus vous écrire et ne vous voit plus dans ses "
        "suggestions. Elle n'en est pas avertie." in after
    )
    assert "Vous avez bloqué ce membre : cette personne ne peut pas vous écrire." in after
    assert "Une personne que vous bloquez ne peut plus vous écrire" in blocked_list
    for page in (before, after, blocked_list):
        assert "il ne peut plus vous écrire" not in page
        assert "il ne pourra plus vous écrire" not in page
        assert "Il n'en" not in page and "pour lui," not in page


def test_a_conversation_and_the_report_form_speak_of_cette_personne(client, alice, bob):
    cache.clear()
    client.force_login(alice)
    sent = client.post("/membres/bob/ecrire/", {"body": "Bonjour Bob !"})

    page = _html(client.get(sent.url))
    report = _html(client.get("/membres/bob/signaler/"))

    assert (
        "Si vous bloquez Bob, cette personne ne pourra plus vous écrire. Elle n'en sera pas avertie." in page
    )
    assert "vous pouvez aussi bloquer cette personne : elle ne pourra plus vous écrire." in report
    assert "ne saura pas que ce signalement vient de vous." in report
    assert "il ne pourra plus vous écrire" not in page + report


def test_writing_to_a_member_i_blocked_says_how_without_il_or_le(client, alice, bob):
    block(alice, bob)
    client.force_login(alice)

    response = client.post("/membres/bob/ecrire/", {"body": "Bonjour"})

    assert response.status_code == 403
    html = _html(response)
    assert "Vous avez bloqué ce membre. Pour écrire à cette personne, débloquez-la d'abord." in html
    assert "Débloquez-le" not in html


# Initials ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "two", "one"),
    [
        ("Claire (exemple)", "C", "C"),
        ("Claire M.", "CM", "C"),
        ("Claire Martin", "CM", "C"),
        ("Jean-Pierre", "J", "J"),
        ("Jean-Pierre Martin", "JM", "J"),
        ("Marie Claire Dupont", "MD", "M"),
        ("élodie", "É", "É"),
        ("Élodie (bénévole) Durand", "ÉD", "É"),
        ("😀 Bob", "B", "B"),
        ("Bob 😀", "B", "B"),
        ("2 Bob", "B", "B"),
        ("R2D2", "R", "R"),
        ("(Claire)", "C", "C"),
        ("(Bob) le voisin", "BV", "B"),
        ("123", "", ""),
        ("😀", "", ""),
        ("", "", ""),
        ("   ", "", ""),
        (None, "", ""),
    ],
)
def test_initials_take_letters_only(name, two, one):
    assert initials(name) == two
    assert initials(name, 1) == one


def test_a_referent_card_shows_c_for_claire_exemple(client):
    ReferentFactory(public_name="Claire (exemple)")

    html = _html(client.get("/referents/"))

    assert re.search(r'referent-photo--initials[^"]*" aria-hidden="true">C</span>', html)
    assert "C(" not in html


def test_a_member_avatar_shows_the_first_letter_not_a_bracket(client, member, other_member):
    profile_for(other_member, display_name="(Bob) le voisin")
    client.force_login(member)

    html = _html(client.get(f"/membres/{other_member.username}/"))

    assert re.search(r'avatar--letter" aria-hidden="true">B</span>', html)
    assert 'aria-hidden="true">(</span>' not in html


# People's names: elided, never contracted -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "after_de"),
    [
        ("Alice", "d'Alice"),
        ("Émilie", "d'Émilie"),
        ("Hélène", "d'Hélène"),
        ("Yann", "d'Yann"),
        ("Bob", "de Bob"),
        ("Le Gall Yannick", "de Le Gall Yannick"),  # a surname, not an article
        ("Les Amis du quartier", "de Les Amis du quartier"),
        ("", "de "),
    ],
)
def test_a_persons_name_elides_but_never_contracts(name, after_de):
    assert de_person(name) == after_de


def test_a_members_profile_and_forum_posts_say_d_before_a_vowel(client, alice, other_member):
    from forum.models import Post
    from tests.factories.forum import TopicFactory

    emilie = profile_for(other_member, display_name="Émilie").user
    topic = TopicFactory(category="emploi", title="Un atelier CV", author=emilie)
    client.force_login(alice)

    profile_page = _html(client.get("/membres/bob/"))
    topic_page = _html(client.get(topic.get_absolute_url()))
    category_page = _html(client.get("/forum/emploi/"))

    assert "Le profil d'Émilie" in profile_page
    assert "le message d'Émilie" in topic_page
    assert "de Émilie" not in topic_page + profile_page
    assert str(Post.objects.get(topic=topic)) == "Message d'Émilie dans « Un atelier CV »"
    assert "Un atelier CV" in category_page
