"""The board's life: a member publishes a "je cherche", it is listed, another member answers (a private
conversation), the author marks it "C'est fait" and thanks them publicly; expiry and validation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from helpboard.models import Answer, Help
from profiles.models import Conversation, Message
from tests.conftest import make_user
from tests.factories.helpboard import HelpFactory
from tests.factories.profiles import profile_for

pytestmark = pytest.mark.django_db

LIST = "/coups-de-pouce/"


def _form(**changes):
    data = {
        "kind": Help.Kind.ASK,
        "theme": "",
        "text": "Je cherche quelqu'un pour relire mon CV avant un entretien.",
        "words_suggested": ["écrire un CV"],
        "words_other": "entretien",
        "commune_name": "Rezé",
        "territory": "",
        "until": (timezone.localdate() + timedelta(days=20)).isoformat(),
    }
    data.update(changes)
    return data


@pytest.fixture
def emploi():
    from tousvoisins.models import Theme

    return Theme.objects.get(slug="emploi")


def test_a_member_publishes_an_ask_and_it_is_listed(client, alice, emploi):
    client.force_login(alice)

    response = client.post("/coups-de-pouce/publier/", _form(theme=emploi.pk))

    help = Help.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/coups-de-pouce/{help.pk}/"
    assert (help.author, help.kind, help.theme, help.commune.name) == (alice, "cherche", emploi, "Rezé")
    assert help.intercommunalite_id == help.commune.intercommunalite_id
    assert sorted(tag.name for tag in help.tags.all()) == ["entretien", "écrire un CV"]
    page = client.get(LIST).content.decode()
    assert "Je cherche quelqu&#x27;un pour relire mon CV" in page
    assert "Rezé · Alice" in page


def test_the_form_offers_emploi_first_and_asks_nothing_personal(client, alice):
    client.force_login(alice)

    page = client.get("/coups-de-pouce/publier/").content.decode()

    themes = page.split('name="theme"')
    assert "Emploi" in themes[1].split("</label>")[0]
    for word in ("âge", "genre", "profession", "situation familiale", "date de naissance"):
        assert f"Votre {word}" not in page
    assert "relire un CV, préparer un entretien, découvrir un métier une demi-journée" in page


def test_visitors_read_the_board_without_the_authors_names(client):
    HelpFactory(
        author=profile_for(make_user("karim"), display_name="Karim").user,
        text="Je propose de montrer mon métier de boulanger.",
    )

    page = client.get(LIST).content.decode()

    assert "Je propose de montrer mon métier de boulanger." in page
    assert "Karim" not in page
    detail = client.get(Help.objects.get().get_absolute_url()).content.decode()
    assert "Karim" not in detail
    assert "connectez-vous" in detail


def test_answering_opens_a_private_conversation_with_the_author(client, alice, bob):
    help = HelpFactory(author=alice, text="Je cherche quelqu'un pour préparer un entretien d'embauche.")
    client.force_login(bob)

    page = client.get(f"/coups-de-pouce/{help.pk}/").content.decode()
    assert "Répondre à Alice" in page
    response = client.post(f"/coups-de-pouce/{help.pk}/repondre/", {"body": "Bonjour, j'ai été recruteur."})

    conversation = Conversation.objects.between(alice, bob).get()
    assert response.status_code == 302
    assert response["Location"] == f"/messages/{conversation.pk}/"
    message = Message.objects.get()
    assert (message.sender, message.recipient) == (bob, alice)
    assert "préparer un entretien d'embauche" in message.body
    assert message.body.endswith("Bonjour, j'ai été recruteur.")
    assert Answer.objects.get().conversation == conversation
    # The author sees who answered, with a link to the conversation; never an address.
    client.force_login(alice)
    detail = client.get(help.get_absolute_url()).content.decode()
    assert "1 personne vous a répondu" in detail
    assert f"/messages/{conversation.pk}/" in detail
    assert "@exemple.fr" not in detail


def test_an_author_cannot_answer_their_own_coup_de_pouce(client, alice):
    help = HelpFactory(author=alice)
    client.force_login(alice)

    assert client.get(f"/coups-de-pouce/{help.pk}/repondre/").status_code == 404


def test_answering_keeps_the_text_and_says_why_when_the_author_takes_no_messages(client, alice, bob):
    alice.profile.open_to_contact = False
    alice.profile.save()
    help = HelpFactory(author=alice)
    client.force_login(bob)

    response = client.post(f"/coups-de-pouce/{help.pk}/repondre/", {"body": "Je peux vous aider."})

    assert response.status_code == 403
    page = response.content.decode()
    assert "Ce membre ne reçoit pas de messages pour le moment." in page
    assert "Je peux vous aider." in page
    assert not Message.objects.exists()


def test_the_author_marks_it_done_and_thanks_someone_publicly(client, alice, bob):
    help = HelpFactory(author=alice, text="Je cherche quelqu'un pour relire mon CV.")
    client.force_login(bob)
    client.post(f"/coups-de-pouce/{help.pk}/repondre/", {"body": "Avec plaisir."})
    client.force_login(alice)

    page = client.get(f"/coups-de-pouce/{help.pk}/c-est-fait/").content.decode()
    assert "Vous ont répondu : Bob." in page
    response = client.post(
        f"/coups-de-pouce/{help.pk}/c-est-fait/", {"thanks": "Merci à Bob pour ses conseils !"}
    )

    help.refresh_from_db()
    assert response.status_code == 302
    assert (help.status, help.thanks) == (Help.Status.DONE, "Merci à Bob pour ses conseils !")
    assert help.done_at is not None
    board = client.get(LIST).content.decode()
    current = board.split('id="en-cours"')[1].split('id="c-est-fait"')[0]
    assert "relire mon CV" not in current
    assert "« Merci à Bob pour ses conseils ! »" in board.split('id="c-est-fait"')[1]


def test_a_done_one_without_thanks_leaves_the_board_entirely(client, alice):
    help = HelpFactory(author=alice, text="Je propose de relire des CV le samedi.")
    client.force_login(alice)

    client.post(f"/coups-de-pouce/{help.pk}/c-est-fait/", {"thanks": ""})

    client.logout()
    assert "relire des CV le samedi" not in client.get(LIST).content.decode()
    page = client.get(help.get_absolute_url()).content.decode()
    assert "<strong>C'est fait !</strong>" in page
    assert "Répondre" not in page


def test_only_the_author_marks_it_done_or_edits_it(client, alice, bob):
    help = HelpFactory(author=alice)
    client.force_login(bob)

    assert client.post(f"/coups-de-pouce/{help.pk}/c-est-fait/", {"thanks": "Merci"}).status_code == 404
    assert client.get(f"/coups-de-pouce/{help.pk}/modifier/").status_code == 404
    help.refresh_from_db()
    assert help.status == Help.Status.OPEN


def test_the_author_edits_it_and_the_form_comes_back_filled(client, alice, emploi):
    help = HelpFactory(author=alice, insee="44184", words=["écrire un CV", "boulangerie"])
    client.force_login(alice)

    page = client.get(f"/coups-de-pouce/{help.pk}/modifier/").content.decode()
    assert 'value="Saint-Nazaire"' in page
    assert 'value="boulangerie"' in page
    response = client.post(
        f"/coups-de-pouce/{help.pk}/modifier/",
        _form(
            theme=emploi.pk,
            text="Je cherche quelqu'un pour une simulation d'entretien.",
            commune_name="Blain",
        ),
    )

    help.refresh_from_db()
    assert response.status_code == 302
    assert (help.text, help.commune.name) == (
        "Je cherche quelqu'un pour une simulation d'entretien.",
        "Blain",
    )


def test_a_whole_intercommunalite_may_be_the_place(client, alice, emploi):
    client.force_login(alice)

    client.post(
        "/coups-de-pouce/publier/", _form(theme=emploi.pk, commune_name="", territory=_cap_atlantique())
    )

    help = Help.objects.get()
    assert help.commune is None
    assert help.intercommunalite.siren == "244400610"
    assert help.place_name == help.intercommunalite.full_name


def _cap_atlantique():
    from tousvoisins.models import Intercommunalite

    return Intercommunalite.objects.get(siren="244400610").pk


# Expiry ------------------------------------------------------------------------------------------


def test_a_coup_de_pouce_past_its_last_day_leaves_the_board(client, alice):
    HelpFactory(author=alice, text="Je cherche un covoiturage pour mardi.", until=timezone.localdate())
    over = HelpFactory(
        author=alice,
        text="Je cherchais un covoiturage pour hier.",
        until=timezone.localdate() - timedelta(days=1),
        created=timezone.now() - timedelta(days=5),
    )

    page = client.get(LIST).content.decode()

    assert "covoiturage pour mardi" in page
    assert "covoiturage pour hier" not in page
    detail = client.get(over.get_absolute_url()).content.decode()
    assert "Ce coup de pouce est terminé : sa date est passée." in detail


def test_nobody_answers_a_coup_de_pouce_that_is_over(client, alice, bob):
    over = HelpFactory(author=alice, until=timezone.localdate() - timedelta(days=1))
    client.force_login(bob)

    response = client.post(f"/coups-de-pouce/{over.pk}/repondre/", {"body": "Trop tard ?"})

    assert response.status_code == 403
    assert "on ne peut plus y répondre" in response.content.decode()
    assert not Message.objects.exists()


# Validation --------------------------------------------------------------------------------------


def test_it_says_what_is_missing_next_to_each_field_and_keeps_what_was_typed(client, alice):
    client.force_login(alice)

    response = client.post(
        "/coups-de-pouce/publier/",
        _form(
            kind="", theme="", commune_name="", until="", text="Un texte gardé tel quel, pour relire un CV."
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Erreur — Publier un coup de pouce — Tous voisins 44</title>" in page
    assert "Dites si vous cherchez ou si vous proposez un coup de pouce." in page
    assert "Choisissez un thème." in page
    assert "Dites où : écrivez une commune, ou choisissez une intercommunalité dans la liste." in page
    assert "Choisissez jusqu&#x27;à quand votre coup de pouce reste affiché." in page
    assert "Un texte gardé tel quel, pour relire un CV." in page
    assert 'aria-invalid="true"' in page
    assert not Help.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"until_days": 120}, "Choisissez une date dans les trois mois qui viennent"),
        ({"until_days": -1}, "Cette date est passée."),
        ({"text": "Aide"}, "Écrivez un peu plus : au moins 10 caractères"),
        ({"text": "x" * 501}, "Écrivez au plus 500 caractères (vous en avez écrit 501)."),
        ({"commune_name": "Paris"}, "Nous ne trouvons pas « Paris » parmi les communes de Loire-Atlantique."),
        ({"until": "31/02/2027"}, "Écrivez la date sous la forme jour/mois/année"),
    ],
)
def test_it_refuses_bad_values_with_a_french_message(client, alice, emploi, changes, message):
    client.force_login(alice)
    data = _form(theme=emploi.pk)
    if "until_days" in changes:
        data["until"] = (timezone.localdate() + timedelta(days=changes.pop("until_days"))).isoformat()
    data.update(changes)

    response = client.post("/coups-de-pouce/publier/", data)

    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Help.objects.exists()


def test_writing_needs_an_account(client):
    response = client.get("/coups-de-pouce/publier/")

    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")


def test_an_author_still_finds_their_own_past_coup_de_pouce_on_the_board(client, alice):
    yesterday = timezone.localdate() - timedelta(days=1)
    HelpFactory(author=alice, text="Mon coup de pouce d'hier.", until=yesterday)
    client.force_login(alice)

    mine = client.get(LIST).content.decode().split('id="les-miens"')[1].split("</section>")[0]

    assert "Mon coup de pouce d&#x27;hier." in mine
    assert "terminé : sa date est passée" in mine
