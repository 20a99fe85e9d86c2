"""A referent's title, "référent" or "référente" (issue item 7): chosen in the admin by whoever may
edit the card, and shown everywhere the role is named (cards, pages, contact form, map, event page).
Nothing is guessed from a name and profiles have no gender field."""

import json
from html import unescape

import pytest
from django.core.cache import cache

from events.models import Event
from events.services import event_refuse
from referents.models import Referent
from tests.conftest import NANTES_METROPOLE, make_user
from tests.factories import EventFactory
from tests.factories.referents import ReferentFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/referents/referent/"
REFERENTE = Referent.Title.REFERENTE


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def _html(response):
    return unescape(response.content.decode())


def _inline():
    return {
        "permanences-TOTAL_FORMS": "0",
        "permanences-INITIAL_FORMS": "0",
        "permanences-MIN_NUM_FORMS": "0",
        "permanences-MAX_NUM_FORMS": "1000",
    }


def _card(referent, **changes):
    """What the referent's own admin form posts, with `changes`."""
    return {
        "public_name": referent.public_name,
        "title": referent.title,
        "structure": referent.structure,
        "structure_kind": referent.structure_kind,
        "presentation": referent.presentation,
        "phone": referent.phone,
        **_inline(),
        **changes,
    }


@pytest.fixture
def sophie(db):
    return ReferentFactory(public_name="Sophie", user=make_user("sophie"), themes=["emploi"], title=REFERENTE)


@pytest.fixture
def claire(db):
    return ReferentFactory(
        public_name="Claire",
        user=make_user("claire"),
        kind=Referent.Kind.TERRITORY,
        sirens=[NANTES_METROPOLE],
        title=REFERENTE,
    )


@pytest.fixture
def karim(db):
    return ReferentFactory(public_name="Karim", kind=Referent.Kind.TERRITORY, sirens=[NANTES_METROPOLE])


# Shown on the site --------------------------------------------------------------------------------


def test_a_new_referent_is_a_referent_by_default():
    referent = ReferentFactory(public_name="Bernard")

    assert referent.title == Referent.Title.REFERENT
    assert referent.role_in_words == "Référent thématique"


def test_the_directory_labels_a_referente_as_such_and_a_referent_as_before(client, sophie, claire):
    ReferentFactory(public_name="Bernard", themes=["mobilite"])

    html = _html(client.get("/referents/"))

    claire_card = html.split(">Claire</a>", 1)[1].split("</li>", 1)[0]
    sophie_card = html.split(">Sophie</a>", 1)[1].split("</li>", 1)[0]
    bernard_card = html.split(">Bernard</a>", 1)[1].split("</li>", 1)[0]
    assert '<p class="referent-card__kind">Référente de territoire</p>' in claire_card
    assert '<p class="referent-card__kind">Référente thématique</p>' in sophie_card
    assert '<p class="referent-card__kind">Référent thématique</p>' in bernard_card


def test_the_page_of_a_referente_and_her_contact_form_say_referente(client, sophie):
    html = _html(client.get(f"/referents/{sophie.pk}/"))

    assert "<title>Sophie, référente thématique — Tous voisins 44</title>" in html
    assert '<p class="lead">Référente thématique</p>' in html
    assert "La référente vous répondra à cette adresse." in html
    assert "référent thématique" not in html.lower().replace("référents thématiques", "")


def test_the_contact_form_errors_name_the_referente(client, sophie):
    response = client.post(f"/referents/{sophie.pk}/", {"name": "", "email": "", "message": "Bonjour"})

    html = _html(response)
    assert "<title>Erreur — Sophie, référente thématique — Tous voisins 44</title>" in html
    assert "Écrivez votre nom ou votre prénom, pour que la référente sache qui lui écrit." in html
    assert "Écrivez votre adresse e-mail pour que la référente puisse vous répondre." in html


def test_a_signed_in_member_is_told_the_name_the_referente_will_see(client, sophie, member):
    client.force_login(member)

    html = _html(client.get(f"/referents/{sophie.pk}/"))

    assert "Le nom que verra la référente. Un prénom suffit." in html


def test_who_is_my_referent_shows_the_referente_of_the_territory(client, claire):
    html = _html(client.get("/referents/trouver/", {"q": "Nantes"}))

    section = html.split('id="referent-territoire"', 1)[1]
    assert "Référente de territoire" in section.split("</section>", 1)[0]


@pytest.mark.parametrize(
    ("who", "label"),
    [(["claire"], "Référente"), (["claire", "karim"], "Référents"), (["karim"], "Référent")],
)
def test_the_map_and_its_list_name_the_territory_referents_by_their_titles(client, request, who, label):
    for name in who:
        request.getfixturevalue(name)

    geojson = json.loads(client.get("/referents/carte/intercommunalites.geojson").content)
    html = _html(client.get("/referents/carte/"))

    [nantes] = [f["properties"] for f in geojson["features"] if f["properties"]["siren"] == NANTES_METROPOLE]
    assert nantes["referents_label"] == label
    item = html.split("<h3>Nantes Métropole</h3>", 1)[1].split("</li>", 1)[0]
    assert f"<p>{label} de territoire :" in item


def test_two_referentes_of_one_territory_are_referentes(client, claire):
    ReferentFactory(
        public_name="Gaëlle", kind=Referent.Kind.TERRITORY, sirens=[NANTES_METROPOLE], title=REFERENTE
    )

    html = _html(client.get("/referents/carte/"))

    assert "<p>Référentes de territoire :" in html.split("<h3>Nantes Métropole</h3>", 1)[1]


def test_the_event_page_names_the_referente_to_contact(client, claire, sophie):
    event = EventFactory(title="Café-emploi", themes=["emploi"])

    html = _html(client.get(event.get_absolute_url()))

    section = html[html.index("Une question ? Vos référents") :]
    assert "Claire</a>, référente de territoire" in section
    assert "Sophie</a>, référente thématique" in section


# Chosen in the admin ---------------------------------------------------------------------------------


def test_a_moderator_sees_and_sets_the_title(client, moderator, karim):
    client.force_login(moderator)
    form = _html(client.get(f"{CHANGELIST}{karim.pk}/change/"))

    response = client.post(
        f"{CHANGELIST}{karim.pk}/change/",
        {
            "user": str(karim.user_id),
            "kind": karim.kind,
            "territories": [str(territory.pk) for territory in karim.territories],
            "is_active": "on",
            **_card(karim, title="referente"),
        },
    )

    assert 'name="title" value="referent"' in form and 'name="title" value="referente"' in form
    assert response.status_code == 302, _html(response)
    assert response["Location"] == CHANGELIST
    karim.refresh_from_db()
    assert karim.title == REFERENTE
    assert "Référente de territoire" in _html(client.get(f"/referents/{karim.pk}/"))


def test_a_referent_sets_her_own_title(client, karim):
    client.force_login(karim.user)

    form = _html(client.get(f"{CHANGELIST}{karim.pk}/change/"))
    response = client.post(f"{CHANGELIST}{karim.pk}/change/", _card(karim, title="referente"))

    assert 'name="title" value="referente"' in form
    assert response.status_code == 302, _html(response)
    assert response["Location"] == CHANGELIST
    karim.refresh_from_db()
    assert karim.title == REFERENTE


def test_the_title_must_be_one_of_the_two(client, karim):
    client.force_login(karim.user)

    response = client.post(f"{CHANGELIST}{karim.pk}/change/", _card(karim, title="madame"))

    assert response.status_code == 200
    assert "Sélectionnez un choix valide." in _html(response)
    karim.refresh_from_db()
    assert karim.title == Referent.Title.REFERENT


def test_a_referent_cannot_change_the_title_of_another(client, sophie, karim):
    client.force_login(sophie.user)

    response = client.post(f"{CHANGELIST}{karim.pk}/change/", _card(karim, title="referente"))

    assert response.status_code in (302, 403, 404)
    karim.refresh_from_db()
    assert karim.title == Referent.Title.REFERENT


def test_the_refusal_mail_does_not_guess_who_reviewed(member, django_capture_on_commit_callbacks, mailoutbox):
    event = EventFactory(title="Vide-grenier", status=Event.Status.PROPOSED, proposed_by=member)

    with django_capture_on_commit_callbacks(execute=True):
        event_refuse(event=event, reason="Les places sont payantes.")

    [sent] = mailoutbox
    assert "La personne qui l'a relue explique pourquoi :" in sent.body
    assert "Le référent qui l'a relue" not in sent.body
