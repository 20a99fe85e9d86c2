"""Communities in the admin, from both sides: a referent sees, creates and edits the communities of
their thèmes or territory only, names the hosts and adds people without an account; moderators
reach everything; members have no access. People without an account are never shown publicly."""

import html
import re

import pytest

from communities.models import Community, GuestMember
from tests.conftest import CAP_ATLANTIQUE, NANTES_METROPOLE
from tests.factories.communities import CommunityFactory, guest
from tousvoisins.models import Commune, Intercommunalite, Theme

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/communities/community/"
ADD = f"{CHANGELIST}add/"
# session, user, the user's groups, the count, the page of communities with their thème, place
# and number of members, the filters' thèmes and intercommunalités, and the admin's layout
QUERIES = 9


def listed(response):
    assert response.status_code == 200
    return sorted(community.name for community in response.context["cl"].result_list)


def text(response):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.fixture
def communities():
    return {
        "reze": CommunityFactory(name="Cuisine à Rezé", insee="44143"),
        "guerande": CommunityFactory(name="Marche à Guérande", insee="44069"),
        "jobs": CommunityFactory(name="Entretiens à Blain", insee="44015", theme="emploi"),
    }


def form_data(*, insee="44143", theme="loisirs-culture-sport", name="Les jardiniers de Rezé", **more):
    return {
        "name": name,
        "theme": Theme.objects.get(slug=theme).pk,
        "commune": Commune.objects.get(insee=insee).pk,
        "intercommunalite": "",
        "description": "On jardine ensemble le samedi matin.",
        "welcome_message": "",
        "guests-TOTAL_FORMS": "0",
        "guests-INITIAL_FORMS": "0",
        "guests-MIN_NUM_FORMS": "0",
        "guests-MAX_NUM_FORMS": "1000",
        **more,
    }


def test_a_territory_referent_sees_the_communities_of_their_territory(client, communities, nantes_referent):
    client.force_login(nantes_referent)

    assert listed(client.get(CHANGELIST)) == ["Cuisine à Rezé"]
    assert (
        client.get(f"{CHANGELIST}{communities['guerande'].pk}/change/").status_code == 302
    )  # "does not exist"
    assert client.get(f"{CHANGELIST}{communities['reze'].pk}/change/").status_code == 200


def test_a_thematic_referent_sees_the_communities_of_their_theme(client, communities, thematic_referent):
    client.force_login(thematic_referent)

    assert listed(client.get(CHANGELIST)) == ["Entretiens à Blain"]


def test_a_moderator_sees_every_community(client, communities, moderator):
    client.force_login(moderator)

    assert listed(client.get(CHANGELIST)) == ["Cuisine à Rezé", "Entretiens à Blain", "Marche à Guérande"]


def test_a_member_has_no_access(client, communities, member):
    client.force_login(member)

    assert client.get(CHANGELIST).status_code == 302


def test_a_referent_creates_a_community_of_their_territory_with_its_discussion(client, nantes_referent):
    client.force_login(nantes_referent)

    response = client.post(ADD, form_data())

    assert response.status_code == 302, text(response)
    community = Community.objects.get(name="Les jardiniers de Rezé")
    assert community.intercommunalite.siren == NANTES_METROPOLE
    assert community.created_by == nantes_referent
    assert community.category.name == "Communauté : Les jardiniers de Rezé"


def test_a_referent_cannot_create_a_community_outside_their_scope(client, nantes_referent):
    client.force_login(nantes_referent)

    response = client.post(ADD, form_data(insee="44069"))

    assert response.status_code == 200
    assert "Pour rester dans votre périmètre de référent" in text(response)
    assert not Community.objects.exists()


def test_a_referent_out_of_scope_cannot_change_nor_delete(client, communities, cap_referent):
    client.force_login(cap_referent)
    reze = communities["reze"]

    client.post(f"{CHANGELIST}{reze.pk}/change/", form_data(name="Pris"))
    client.post(f"{CHANGELIST}{reze.pk}/delete/", {"post": "yes"})

    reze.refresh_from_db()
    assert reze.name == "Cuisine à Rezé"


def test_a_referent_adds_a_person_without_account_the_hosts_will_call(client, communities, nantes_referent):
    client.force_login(nantes_referent)
    reze = communities["reze"]
    data = form_data(
        name=reze.name,
        **{
            "guests-TOTAL_FORMS": "1",
            "guests-0-first_name": "Josiane",
            "guests-0-phone": "02 40 11 22 33",
            "guests-0-postal_address": "",
            "guests-0-consent_given_on": "01/12/2026",
            "guests-0-consent_channel": "telephone",
            "guests-0-notes": "",
        },
    )

    response = client.post(f"{CHANGELIST}{reze.pk}/change/", data)

    assert response.status_code == 302, text(response)
    person = GuestMember.objects.get()
    assert (person.community, person.phone, person.added_by) == (reze, "0240112233", nantes_referent)


def test_a_referent_counts_as_member_someone_they_registered_to_a_date(client, nantes_referent):
    from events.models import ProxyRegistration
    from tests.factories import EventFactory

    event = EventFactory(title="Atelier cuisine", recurrence="FREQ=WEEKLY")
    reze = CommunityFactory(name="Cuisine à Rezé", insee="44143", events=[event])
    registration = ProxyRegistration.objects.create(
        occurrence=event.occurrences.first(),
        first_name="Odette",
        phone="02 40 55 66 77",
        consent_given_on=event.start.date().replace(day=1),
        registered_by=nantes_referent,
    )
    client.force_login(nantes_referent)
    page = text(client.get(f"{CHANGELIST}{reze.pk}/change/"))
    assert "Odette — Atelier cuisine" in page

    response = client.post(
        f"{CHANGELIST}{reze.pk}/change/", form_data(name=reze.name, from_registrations=[registration.pk])
    )

    assert response.status_code == 302, text(response)
    person = GuestMember.objects.get(community=reze)
    assert (person.first_name, person.phone, person.added_by) == ("Odette", "0240556677", nantes_referent)


def test_a_person_without_phone_nor_address_is_refused(client, communities, nantes_referent):
    client.force_login(nantes_referent)
    reze = communities["reze"]
    data = form_data(
        name=reze.name,
        **{
            "guests-TOTAL_FORMS": "1",
            "guests-0-first_name": "Josiane",
            "guests-0-phone": "",
            "guests-0-postal_address": "",
            "guests-0-consent_given_on": "01/12/2026",
            "guests-0-consent_channel": "telephone",
        },
    )

    response = client.post(f"{CHANGELIST}{reze.pk}/change/", data)

    assert response.status_code == 200
    assert "Donnez un numéro de téléphone ou une adresse postale" in text(response)
    assert not GuestMember.objects.exists()


@pytest.mark.parametrize("count", [2, 6])
def test_the_changelist_makes_the_same_queries_whatever_the_number(
    client, moderator, django_assert_num_queries, count
):
    for index in range(count):
        guest(CommunityFactory(name=f"Groupe {index}"))
    client.force_login(moderator)
    with django_assert_num_queries(QUERIES):
        response = client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == count


def test_people_without_account_are_never_shown_publicly(client, communities, alice):
    reze = communities["reze"]
    guest(reze, first_name="Josiane", phone="02 40 11 22 33")
    pages = [reze.get_absolute_url(), "/communautes/"]
    visitor = [text(client.get(url)) for url in pages]
    client.force_login(alice)
    reze.memberships.create(user=alice)
    as_member = [text(client.get(url)) for url in pages]

    for page in visitor + as_member:
        assert "Josiane" not in page
        assert "02 40 11 22 33" not in page
    assert "2 membres" in as_member[0]


def test_a_territory_referent_territory_choice_is_kept_for_a_whole_intercommunalite(client, moderator):
    client.force_login(moderator)
    data = form_data(commune="", intercommunalite=Intercommunalite.objects.get(siren=CAP_ATLANTIQUE).pk)

    response = client.post(ADD, data)

    assert response.status_code == 302, text(response)
    community = Community.objects.get()
    assert community.place_name == "Communauté d'agglomération de la Presqu'île de Guérande - Atlantique" or (
        community.commune is None and community.intercommunalite.siren == CAP_ATLANTIQUE
    )


def test_a_referent_links_only_recurring_rencontres_of_their_scope(client, nantes_referent):
    from tests.factories import EventFactory

    EventFactory(title="Atelier à Rezé", insee="44143", recurrence="FREQ=WEEKLY")
    EventFactory(title="Fête unique à Rezé", insee="44143")
    EventFactory(title="Marche à Guérande", insee="44069", recurrence="FREQ=WEEKLY")
    client.force_login(nantes_referent)

    form = client.get(ADD).context["adminform"].form

    assert [event.title for event in form.fields["events"].queryset] == ["Atelier à Rezé"]
