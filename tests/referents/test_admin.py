"""Referents in the admin, from both sides: moderators manage everyone and their scope; a referent
edits their own card and permanences, nothing of another referent, and reads their own messages."""

import io
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import TERRITORY_REFERENTS, THEMATIC_REFERENTS
from referents.models import Permanence, Referent, ReferentMessage
from tests.conftest import CAP_ATLANTIQUE, NANTES_METROPOLE, make_user
from tests.factories.referents import PermanenceFactory, ReferentFactory
from tousvoisins.models import Commune, Intercommunalite, Theme

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/referents/referent/"
MESSAGES = "/admin/referents/referentmessage/"


def _html(response):
    return unescape(response.content.decode())


def _change_url(referent):
    return f"{CHANGELIST}{referent.pk}/change/"


def _inline(permanences=(), prefix="permanences"):
    """The management form and rows of the permanences inline."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(permanences)),
        f"{prefix}-INITIAL_FORMS": str(sum(1 for row in permanences if row.get("id"))),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(permanences):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def _permanence_row(**fields):
    return {
        "place_name": "Médiathèque",
        "address": "",
        "commune": str(Commune.objects.get(insee="44015").pk),
        "weekday": "1",
        "start_time": "14:00",
        "end_time": "17:00",
        "frequency": "",
        "notes": "",
        **fields,
    }


@pytest.fixture
def sophie(db):
    """A thematic referent with an admin account of her own."""
    return ReferentFactory(public_name="Sophie", user=make_user("sophie"), themes=["emploi"])


@pytest.fixture
def claire(db):
    return ReferentFactory(
        public_name="Claire",
        user=make_user("claire"),
        kind=Referent.Kind.TERRITORY,
        sirens=[NANTES_METROPOLE],
    )


# Moderators ----------------------------------------------------------------------------------


def test_a_moderator_lists_every_referent_with_what_they_look_after(client, moderator, sophie, claire):
    client.force_login(moderator)

    html = _html(client.get(CHANGELIST))

    assert "Sophie" in html and "Claire" in html
    assert "Emploi" in html
    assert "Nantes Métropole" in html


def test_the_changelist_makes_the_same_queries_whatever_the_number_of_referents(
    client, moderator, sophie, claire, django_assert_num_queries
):
    client.force_login(moderator)
    client.get(CHANGELIST)
    # 1 session, 2 user, 3-4 the user's own and group permissions, 5 the groups (is_moderator),
    # 6 count, 7 count without filters, 8 referents with account and scope, 9 their thèmes,
    # 10 their intercommunalités.
    with django_assert_num_queries(10):
        client.get(CHANGELIST)
    for index in range(4):
        ReferentFactory(public_name=f"Autre {index}")
    with django_assert_num_queries(10):
        client.get(CHANGELIST)


def test_a_moderator_makes_a_member_a_territory_referent_and_the_scope_follows(client, moderator, member):
    client.force_login(moderator)
    territory = Intercommunalite.objects.get(siren=CAP_ATLANTIQUE)

    response = client.post(
        f"{CHANGELIST}add/",
        {
            "user": str(member.pk),
            "public_name": "Alice",
            "kind": "territoire",
            "territories": [str(territory.pk)],
            "structure": "CCAS de Guérande",
            "structure_kind": "commune",
            "title": "referent",
            "presentation": "Bonjour.",
            "phone": "",
            "is_active": "on",
            **_inline([_permanence_row(commune=str(Commune.objects.get(insee="44069").pk))]),
        },
    )

    assert response.status_code == 302, _html(response)
    assert response["Location"] == CHANGELIST
    referent = Referent.objects.get(user=member)
    member.refresh_from_db()
    assert member.is_staff
    assert set(member.groups.values_list("name", flat=True)) == {TERRITORY_REFERENTS}
    assert list(member.scope.intercommunalites.all()) == [territory]
    permanence = referent.permanences.get()
    assert permanence.commune.name == "Guérande"
    assert permanence.point == permanence.commune.centre


def test_a_moderator_is_told_when_the_scope_does_not_fit_the_role(client, moderator, member):
    client.force_login(moderator)

    response = client.post(
        f"{CHANGELIST}add/",
        {
            "user": str(member.pk),
            "public_name": "Alice",
            "kind": "thematique",
            "structure": "Association",
            "structure_kind": "association",
            "title": "referent",
            "presentation": "Bonjour.",
            "is_active": "on",
            **_inline(),
        },
    )

    assert response.status_code == 200
    assert "Un référent thématique suit au moins un thème : cochez-en un." in _html(response)
    assert not Referent.objects.exists()


def test_a_moderator_changes_the_themes_and_the_scope_follows(client, moderator, sophie):
    client.force_login(moderator)
    logement = Theme.objects.get(slug="logement")

    response = client.post(
        _change_url(sophie),
        {
            "user": str(sophie.user_id),
            "public_name": "Sophie",
            "kind": "thematique",
            "themes": [str(logement.pk)],
            "structure": sophie.structure,
            "structure_kind": sophie.structure_kind,
            "title": "referent",
            "presentation": sophie.presentation,
            "is_active": "on",
            **_inline(),
        },
    )

    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    assert list(sophie.user.scope.themes.values_list("slug", flat=True)) == ["logement"]


def test_the_change_form_shows_the_current_scope(client, moderator, claire):
    client.force_login(moderator)
    nantes = Intercommunalite.objects.get(siren=NANTES_METROPOLE)

    html = _html(client.get(_change_url(claire)))

    assert f'name="territories" value="{nantes.pk}"' in html
    checked = html.split(f'name="territories" value="{nantes.pk}"', 1)[1].split(">", 1)[0]
    assert "checked" in checked


def test_a_moderator_removes_a_referent_and_their_admin_access(client, moderator, sophie):
    client.force_login(moderator)

    response = client.post(f"{CHANGELIST}{sophie.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    user = sophie.user
    user.refresh_from_db()
    assert not Referent.objects.exists()
    assert not user.is_staff
    assert not user.groups.exists()


def test_a_moderator_takes_a_referent_off_the_directory_in_bulk(client, moderator, sophie, claire):
    client.force_login(moderator)

    response = client.post(
        CHANGELIST,
        {"action": "deactivate", "_selected_action": [str(sophie.pk), str(claire.pk)]},
        follow=True,
    )

    assert "2 référent(s) retirés de l'annuaire." in _html(response)
    assert not Referent.objects.active().exists()
    claire.user.refresh_from_db()
    assert not claire.user.is_staff


# A referent, on their own card --------------------------------------------------------------


def test_a_referent_sees_only_their_own_card(client, sophie, claire):
    client.force_login(sophie.user)

    html = _html(client.get(CHANGELIST))

    assert "Sophie" in html
    assert "Claire" not in html
    assert "Ajouter référent" not in html


def test_a_referent_edits_their_presentation_and_permanences(client, sophie):
    client.force_login(sophie.user)

    response = client.post(
        _change_url(sophie),
        {
            "public_name": "Sophie M.",
            "structure": "Entraide Emploi",
            "structure_kind": "association",
            "title": "referent",
            "presentation": "Nouvelle présentation.",
            "phone": "02 40 00 00 00",
            **_inline([_permanence_row(frequency="1er et 3e mardi du mois")]),
        },
    )

    assert response.status_code == 302, _html(response)
    assert response["Location"] == CHANGELIST
    sophie.refresh_from_db()
    assert (sophie.public_name, sophie.presentation) == ("Sophie M.", "Nouvelle présentation.")
    assert sophie.permanences.get().when_in_words == "1er et 3e mardi du mois, de 14 h à 17 h"


def test_moving_a_permanence_to_another_commune_moves_its_point(client, sophie):
    permanence = PermanenceFactory(referent=sophie, insee="44015")
    guerande = Commune.objects.get(insee="44069")
    client.force_login(sophie.user)

    response = client.post(
        _change_url(sophie),
        {
            "public_name": "Sophie",
            "structure": sophie.structure,
            "structure_kind": sophie.structure_kind,
            "title": "referent",
            "presentation": sophie.presentation,
            **_inline(
                [_permanence_row(id=str(permanence.pk), referent=str(sophie.pk), commune=str(guerande.pk))]
            ),
        },
    )

    assert response.status_code == 302, _html(response)
    assert response["Location"] == CHANGELIST
    permanence.refresh_from_db()
    assert (permanence.commune, permanence.point) == (guerande, guerande.centre)


def test_a_referent_cannot_change_their_role_scope_account_or_listing(client, sophie, member):
    client.force_login(sophie.user)
    nantes = Intercommunalite.objects.get(siren=NANTES_METROPOLE)

    response = client.post(
        _change_url(sophie),
        {
            "public_name": "Sophie",
            "structure": sophie.structure,
            "structure_kind": sophie.structure_kind,
            "title": "referent",
            "presentation": sophie.presentation,
            # Not in their form: ignored.
            "kind": "territoire",
            "territories": [str(nantes.pk)],
            "themes": [],
            "is_active": "",
            "user": str(member.pk),
            **_inline(),
        },
    )

    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    sophie.refresh_from_db()
    assert (sophie.kind, sophie.is_active, sophie.user.username) == ("thematique", True, "sophie")
    assert list(sophie.user.scope.themes.values_list("slug", flat=True)) == ["emploi"]
    assert not sophie.user.scope.intercommunalites.exists()


def test_a_referents_page_shows_role_and_scope_read_only(client, sophie):
    client.force_login(sophie.user)

    html = _html(client.get(_change_url(sophie)))

    assert 'name="public_name"' in html
    assert 'name="kind"' not in html
    assert 'name="is_active"' not in html
    assert 'name="themes"' not in html
    assert 'name="user"' not in html
    assert "Emploi" in html


def test_a_referent_cannot_open_or_change_another_referents_card(client, sophie, claire):
    client.force_login(sophie.user)
    PermanenceFactory(referent=claire, place_name="Maison de quartier")

    page = client.get(_change_url(claire))
    post = client.post(
        _change_url(claire),
        {
            "public_name": "Piratée",
            "structure": "x",
            "structure_kind": "autre",
            "title": "referent",
            "presentation": "x",
            **_inline(),
        },
    )

    # The admin answers as if the card did not exist.
    assert (page.status_code, page["Location"]) == (302, "/admin/")
    assert (post.status_code, post["Location"]) == (302, "/admin/")
    claire.refresh_from_db()
    assert claire.public_name == "Claire"
    assert claire.permanences.count() == 1


@pytest.mark.parametrize(("who", "other"), [("sophie", "claire"), ("claire", "sophie")])
def test_another_referents_card_answers_as_if_it_did_not_exist(client, sophie, claire, who, other):
    referents = {"sophie": sophie, "claire": claire}
    me, them = referents[who], referents[other]
    PermanenceFactory(referent=them, place_name="Lieu secret de permanence")
    client.force_login(me.user)

    for path in (_change_url(them), f"{CHANGELIST}{them.pk}/history/"):
        response = client.get(path, follow=True)
        html = _html(response)
        # The admin's "not found": back to its index, with a message, and nothing of the card.
        assert response.redirect_chain == [("/admin/", 302)], path
        assert "n’existe pas" in html or "n'existe pas" in html, path
        assert them.public_name not in html and "Lieu secret de permanence" not in html, path
    assert client.post(f"{CHANGELIST}{them.pk}/delete/", {"post": "yes"}).status_code == 403
    search = _html(client.get(CHANGELIST, {"q": them.public_name}))
    assert f">{them.public_name}<" not in search
    assert "0 référent" in search
    assert Referent.objects.filter(pk=them.pk).exists()


@pytest.mark.parametrize("delete", [False, True])
def test_a_referent_cannot_reach_another_referents_permanence_through_their_own_form(
    client, sophie, claire, delete
):
    theirs = PermanenceFactory(referent=claire, place_name="Maison de quartier")
    row = _permanence_row(id=str(theirs.pk), referent=str(sophie.pk), place_name="Détournée")
    if delete:
        row["DELETE"] = "on"
    client.force_login(sophie.user)

    response = client.post(
        _change_url(sophie),
        {
            "public_name": "Sophie",
            "structure": sophie.structure,
            "structure_kind": sophie.structure_kind,
            "title": "referent",
            "presentation": sophie.presentation,
            **_inline([row]),
        },
    )

    # The inline reaches only her own permanences: the other referent's stays as it was.
    theirs.refresh_from_db()
    assert (theirs.referent, theirs.place_name) == (claire, "Maison de quartier"), response.status_code
    assert not sophie.permanences.filter(place_name="Détournée").exists()


def test_a_referent_cannot_add_or_delete_referents(client, sophie):
    client.force_login(sophie.user)

    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert client.post(f"{CHANGELIST}{sophie.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Referent.objects.filter(pk=sophie.pk).exists()


def test_a_referent_without_a_card_sees_none(client, thematic_referent, sophie):
    client.force_login(thematic_referent)
    response = client.get(CHANGELIST)
    html = _html(response)

    assert response.status_code == 200
    assert response.context["cl"].result_count == 0
    assert "Sophie" not in html


def _phone_photo():
    """A JPEG as a phone takes it: upright by its EXIF orientation, with a name and a GPS position."""
    image = Image.new("RGB", (1200, 900), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Téléphone de Sophie"  # Make
    exif[0x013B] = "Sophie Martin"  # Artist
    exif[0x0112] = 6  # Orientation: the phone was held upright
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (47.0, 12.0, 30.0), 3: "W", 4: (1.0, 33.0, 10.0)})
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    assert b"Sophie Martin" in buffer.getvalue()
    return SimpleUploadedFile("sophie-martin.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.mark.parametrize("uploader", ["herself", "moderator"])
def test_a_photo_uploaded_in_the_admin_is_reencoded_upright_without_exif(client, sophie, moderator, uploader):
    data = {
        "public_name": "Sophie",
        "photo": _phone_photo(),
        "structure": sophie.structure,
        "structure_kind": sophie.structure_kind,
        "title": "referent",
        "presentation": sophie.presentation,
        **_inline(),
    }
    if uploader == "moderator":
        client.force_login(moderator)
        emploi = Theme.objects.get(slug="emploi")
        data.update(user=str(sophie.user_id), kind="thematique", themes=[str(emploi.pk)], is_active="on")
    else:
        client.force_login(sophie.user)

    response = client.post(_change_url(sophie), data)

    assert response.status_code == 302, _html(response)
    sophie.refresh_from_db()
    assert "sophie" not in sophie.photo.name
    with sophie.photo.open("rb") as saved:
        raw = saved.read()
    # Read back from the saved file: re-encoded as JPEG, with no metadata at all.
    assert raw[:2] == b"\xff\xd8"
    assert b"Exif" not in raw
    assert b"Sophie Martin" not in raw
    assert "Téléphone".encode() not in raw
    stored = Image.open(io.BytesIO(raw))
    assert stored.format == "JPEG"
    assert not stored.getexif()
    assert not stored.getexif().get_ifd(0x8825)
    # Turned upright as the phone meant it, and small: a card shows it at 160 pixels at most.
    assert stored.size == (300, 400)
    html = _html(client.get(f"/referents/{sophie.pk}/"))
    assert f'<img class="referent-photo" src="{sophie.photo.url}" alt="Photo de Sophie"' in html


def test_a_file_that_is_not_a_photo_is_refused_beside_the_field(client, sophie):
    client.force_login(sophie.user)

    response = client.post(
        _change_url(sophie),
        {
            "public_name": "Sophie",
            "photo": SimpleUploadedFile("photo.jpg", b"pas une image", content_type="image/jpeg"),
            "structure": sophie.structure,
            "structure_kind": sophie.structure_kind,
            "title": "referent",
            "presentation": sophie.presentation,
            **_inline(),
        },
    )

    assert response.status_code == 200
    assert "arrivons pas à lire ce fichier comme une image" in _html(response)


# Messages -----------------------------------------------------------------------------------


@pytest.fixture
def messages(sophie, claire):
    to_sophie = ReferentMessage.objects.create(
        referent=sophie, name="Jeanne", email="jeanne@exemple.org", message="Pour Sophie"
    )
    to_claire = ReferentMessage.objects.create(
        referent=claire, name="Paul", email="paul@exemple.org", message="Pour Claire"
    )
    return to_sophie, to_claire


def test_a_referent_reads_only_the_messages_written_to_them(client, sophie, messages):
    to_sophie, to_claire = messages
    client.force_login(sophie.user)

    html = _html(client.get(MESSAGES))

    assert "Jeanne" in html
    assert "Paul" not in html
    assert client.get(f"{MESSAGES}{to_sophie.pk}/change/").status_code == 200
    response = client.get(f"{MESSAGES}{to_claire.pk}/change/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # as if it did not exist


def test_a_referent_marks_a_message_as_handled_but_cannot_rewrite_it(client, sophie, messages):
    to_sophie, _ = messages
    client.force_login(sophie.user)

    response = client.post(f"{MESSAGES}{to_sophie.pk}/change/", {"handled": "on", "message": "Réécrit"})

    assert response.status_code == 302
    assert response["Location"] == MESSAGES
    to_sophie.refresh_from_db()
    assert to_sophie.handled
    assert to_sophie.message == "Pour Sophie"


def test_a_referent_cannot_mark_another_referents_message(client, sophie, messages):
    _, to_claire = messages
    client.force_login(sophie.user)

    response = client.post(f"{MESSAGES}{to_claire.pk}/change/", {"handled": "on"})

    # Outside her scope the message does not exist for her: the admin sends her back to its home.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    to_claire.refresh_from_db()
    assert not to_claire.handled


def test_moderators_read_every_message(client, moderator, messages):
    client.force_login(moderator)

    html = _html(client.get(MESSAGES))

    assert "Jeanne" in html and "Paul" in html


def test_the_roles_have_the_permissions_they_need(db):
    from django.contrib.auth.models import Group

    referents = set(Group.objects.get(name=THEMATIC_REFERENTS).permissions.values_list("codename", flat=True))
    assert {"view_referent", "change_referent", "add_permanence", "change_referentmessage"} <= referents
    assert "add_referent" not in referents
    assert "delete_referent" not in referents


def test_the_permanence_inline_refuses_a_wrong_day_in_french(client, sophie):
    client.force_login(sophie.user)

    response = client.post(
        _change_url(sophie),
        {
            "public_name": "Sophie",
            "structure": sophie.structure,
            "structure_kind": sophie.structure_kind,
            "title": "referent",
            "presentation": sophie.presentation,
            **_inline([_permanence_row(frequency="le 2e jeudi du mois")]),
        },
    )

    assert response.status_code == 200
    assert "La fréquence parle du jeudi mais le jour choisi est le mardi." in _html(response)
    assert not Permanence.objects.exists()


def test_a_photo_of_too_many_pixels_is_refused_beside_the_field(client, sophie):
    client.force_login(sophie.user)
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, format="PNG")  # 81 million pixels in a few kilobytes

    response = client.post(
        _change_url(sophie),
        {
            "public_name": "Sophie",
            "photo": SimpleUploadedFile("grande.png", buffer.getvalue(), content_type="image/png"),
            "structure": sophie.structure,
            "structure_kind": sophie.structure_kind,
            "title": "referent",
            "presentation": sophie.presentation,
            **_inline(),
        },
    )

    assert response.status_code == 200
    assert "Cette image est trop grande (9000 × 9000 pixels)." in _html(response)
    sophie.refresh_from_db()
    assert not sophie.photo


def test_what_a_referent_looks_after_lives_only_in_the_foundations_scope():
    """One scope model: no field of this app points at thèmes or intercommunalités."""
    from django.apps import apps

    for model in apps.get_app_config("referents").get_models():
        related = {field.related_model for field in model._meta.get_fields() if field.is_relation}
        assert not related & {Theme, Intercommunalite}, model.__name__
