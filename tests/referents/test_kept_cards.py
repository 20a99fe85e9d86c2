"""What the referents' pages keep (tousvoisins.fragments): the cards of the directory and of « Qui
est mon référent ? », a referent's page but its contact form, a visitor's empty contact form, the
filter form per query string. Each changes on the next request when what it shows changes, and
nothing of one person asking is ever served to another."""

from html import unescape

import pytest

from accounts.models import User
from referents.models import Referent
from tests.conftest import CARENE
from tests.factories import EventFactory
from tests.factories.referents import PermanenceFactory, ReferentFactory
from tousvoisins.models import Commune, Theme

pytestmark = pytest.mark.django_db

LIST = "/referents/"
# 44600: Saint-Nazaire, in the CARENE.
FIND = "/referents/trouver/?q=44600"


def _html(response):
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.fixture
def claire(db):
    referent = ReferentFactory(
        public_name="Claire", kind=Referent.Kind.TERRITORY, sirens=[CARENE], structure="CCAS de Saint-Nazaire"
    )
    PermanenceFactory(referent=referent, insee="44184", place_name="Maison de quartier de Méan")
    return referent


@pytest.fixture
def hugo(db):
    referent = ReferentFactory(public_name="Hugo", themes=["emploi"], structure="France services")
    PermanenceFactory(referent=referent, insee="44184", place_name="Espace emploi")
    return referent


def _pages(referent):
    return [LIST, FIND, referent.get_absolute_url()]


def test_a_card_shows_the_referents_edit_on_the_next_request(client, claire):
    for path in _pages(claire):
        assert "CCAS de Saint-Nazaire" in _html(client.get(path))

    claire.structure = "Centre social de Méan"
    claire.save()

    for path in _pages(claire):
        html = _html(client.get(path))
        assert "Centre social de Méan" in html, path
        assert "CCAS de Saint-Nazaire" not in html, path


def test_a_card_follows_its_permanences(client, claire):
    for path in _pages(claire):
        client.get(path)
    permanence = claire.permanences.get()

    permanence.place_name = "Médiathèque Étienne-Caux"
    permanence.save()

    for path in _pages(claire):
        html = _html(client.get(path))
        assert "Médiathèque Étienne-Caux" in html, path
        assert "Maison de quartier de Méan" not in html, path


def test_a_card_follows_the_scope_of_the_referents_account(client, hugo):
    # The thèmes a thematic referent follows are their account's scope (accounts.Scope).
    for path in _pages(hugo):
        assert "Logement" not in _html(client.get(path)).split("Hugo", 1)[1].split("</ul>", 1)[0], path

    hugo.user.scope.themes.add(Theme.objects.get(slug="logement"))

    assert "Logement" in _html(client.get(LIST)).split("Hugo", 1)[1].split("</ul>", 1)[0]
    assert "Logement" in _html(client.get(hugo.get_absolute_url()))


def test_a_territory_referent_moved_to_another_intercommunalite_leaves_the_old_ones_lookup(client, claire):
    assert "Claire" in _html(client.get(FIND))

    scope = claire.user.scope
    scope.intercommunalites.set([Commune.objects.get(insee="44015").intercommunalite])  # Blain

    assert "Claire" not in _html(client.get(FIND))
    assert "Claire" in _html(client.get("/referents/trouver/?q=blain"))


def test_a_referent_taken_out_through_the_admin_leaves_every_page(client, moderator, claire, hugo):
    visitor = client.__class__()
    for path in _pages(claire):
        assert "Claire" in _html(visitor.get(path))

    client.force_login(moderator)
    response = client.post(
        "/admin/referents/referent/", {"action": "deactivate", "_selected_action": [str(claire.pk)]}
    )
    assert response.status_code == 302

    for path in (LIST, FIND):
        html = _html(visitor.get(path))
        assert "Claire" not in html, path
        assert "Hugo" in html, path
    assert visitor.get(claire.get_absolute_url()).status_code == 404


def test_a_deactivated_account_leaves_the_pages_at_once(client, claire, hugo):
    for path in _pages(claire):
        client.get(path)

    # Who is listed is kept under the referents' and the members' stamps: an account saved
    # inactive (the admin, a script) renews the members' (profiles.cards).
    user = User.objects.get(pk=claire.user_id)
    user.is_active = False
    user.save()

    for path in (LIST, FIND):
        html = _html(client.get(path))
        assert "Claire" not in html, path
        assert "Hugo" in html, path
    assert client.get(claire.get_absolute_url()).status_code == 404


def test_the_next_dates_of_the_lookup_follow_the_agenda(client, claire):
    assert "Pas de rencontre annoncée" in _html(client.get(FIND))

    EventFactory(insee="44184", title="Café des voisins de Méan")

    html = _html(client.get(FIND))
    assert "Café des voisins de Méan" in html
    assert "Pas de rencontre annoncée" not in html


def test_the_filter_form_shows_what_each_address_asked_and_its_errors(client, claire, hugo):
    wrong = _html(client.get(LIST, {"theme": "jardinage"}))
    chosen = _html(client.get(LIST, {"theme": "emploi"}))
    plain = _html(client.get(LIST))
    wrong_again = _html(client.get(LIST, {"theme": "jardinage"}))

    error = "Ce thème n'existe pas. Choisissez un thème dans la liste."
    assert error in wrong and error in wrong_again
    assert error not in chosen and error not in plain
    assert '<option value="emploi" selected>' in chosen
    assert '<option value="emploi" selected>' not in plain
    # "Effacer les filtres" only when the address has a query.
    assert "Effacer les filtres" in chosen
    assert "Effacer les filtres" not in plain


def test_a_visitor_is_never_served_a_members_contact_form_nor_anyones_token(client, member, claire):
    page = claire.get_absolute_url()
    signed_in = client.__class__(enforce_csrf_checks=True)
    signed_in.force_login(member)
    visitors = [client.__class__(enforce_csrf_checks=True) for _ in range(2)]

    members_page = _html(signed_in.get(page))
    first, second = (_html(visitor.get(page)) for visitor in visitors)

    assert "Vous êtes connecté" in members_page
    for html in (first, second):
        assert "Vous êtes connecté" not in html
        assert member.email not in html
        assert 'name="email"' in html and 'name="name"' in html
    token = 'name="csrfmiddlewaretoken" value="'

    def tokens(html):
        return html.split(token, 1)[1].split('"', 1)[0]

    assert len({tokens(members_page), tokens(first), tokens(second)}) == 3


def test_a_visitors_message_that_fails_keeps_what_they_typed(client, claire):
    client.get(claire.get_absolute_url())  # the empty form is kept

    response = client.post(
        claire.get_absolute_url(), {"name": "", "email": "pas-une-adresse", "message": "Bonjour"}
    )

    html = _html(response)
    assert "Bonjour</textarea>" in html
    assert 'value="pas-une-adresse"' in html
    assert "Écrivez votre nom ou votre prénom" in html


# Query counts: the same with N and 2N referents, fewer once the cards are kept ---------------------


def _add(count, start=0):
    for index in range(start, start + count):
        territorial = ReferentFactory(
            public_name=f"Territoire {index}", kind=Referent.Kind.TERRITORY, sirens=[CARENE]
        )
        PermanenceFactory(referent=territorial, insee="44184")
        thematic = ReferentFactory(public_name=f"Thème {index}", themes=["emploi", "logement"])
        PermanenceFactory(referent=thematic, insee="44184")


@pytest.mark.parametrize(
    ("path", "cold", "warm", "after_new_referents"),
    [
        # Cold: 1-2 the filter's thèmes and intercommunalités, 3 count, 4 referents with their
        # account and scope, 5 thèmes, 6 intercommunalités, 7 permanences (for the cards to
        # render). Warm: the choices, the count, the page's referents and their cards are kept.
        # New referents: the choices stay kept (the thèmes did not change), 3 to 7.
        (LIST, 7, 0, 5),
        # Cold: 1 the commune, 2 the referents serving it, 3-5 as above, 6 the next dates. Warm:
        # the commune found, who serves it, the cards and the dates are kept. New referents:
        # the commune and the dates stay kept (neither changed), 2 to 5.
        (FIND, 6, 0, 4),
    ],
)
def test_a_kept_page_makes_the_same_fewer_queries_whatever_the_data(
    client, path, cold, warm, after_new_referents, django_assert_num_queries
):
    _add(3)
    with django_assert_num_queries(cold):
        client.get(path)
    with django_assert_num_queries(warm):
        client.get(path)
    _add(3, start=3)  # a new stamp for the referents: their cards are built again, then kept
    with django_assert_num_queries(after_new_referents):
        client.get(path)
    with django_assert_num_queries(warm):
        html = _html(client.get(path))
    assert "Territoire 5" in html


def test_a_referents_page_makes_one_query_once_kept(client, claire, django_assert_num_queries):
    # Cold: 1 the referent with their account and scope, 2 thèmes, 3 intercommunalités,
    # 4 permanences. Warm: none, the referent (active) and the page's body are kept.
    with django_assert_num_queries(4):
        client.get(claire.get_absolute_url())
    with django_assert_num_queries(0):
        client.get(claire.get_absolute_url())
    _add(3)
    with django_assert_num_queries(4):
        client.get(claire.get_absolute_url())
    with django_assert_num_queries(0):
        client.get(claire.get_absolute_url())
