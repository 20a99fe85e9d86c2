"""Referents: their scope is the foundation's accounts.Scope, kept in step with their role."""

from datetime import time

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from accounts.models import MODERATION, TERRITORY_REFERENTS, THEMATIC_REFERENTS, Scope
from accounts.scoping import scope_filter
from referents.models import Permanence, Referent
from referents.services import referent_delete, referent_save, referent_sync_access
from tests.conftest import CAP_ATLANTIQUE, NANTES_METROPOLE, make_user
from tests.factories.referents import PermanenceFactory, ReferentFactory
from tousvoisins.models import Commune, Intercommunalite, Theme

pytestmark = pytest.mark.django_db


def _group_names(user):
    return set(user.groups.values_list("name", flat=True))


def test_it_writes_a_thematic_referents_themes_to_the_users_scope_and_role(member):
    referent = Referent(
        user=member,
        public_name="Sophie",
        kind=Referent.Kind.THEMATIC,
        structure="Entraide Emploi",
        structure_kind=Referent.StructureKind.ASSOCIATION,
        presentation="Bonjour.",
    )

    referent_save(
        referent=referent, themes=Theme.objects.filter(slug__in=["emploi", "logement"]), territories=[]
    )

    member.refresh_from_db()
    assert sorted(member.scope.themes.values_list("slug", flat=True)) == ["emploi", "logement"]
    assert not member.scope.intercommunalites.exists()
    assert _group_names(member) == {THEMATIC_REFERENTS}
    assert member.is_staff
    assert [theme.slug for theme in referent.themes] == ["emploi", "logement"]
    assert referent.area_in_words == "Emploi, Logement"


def test_the_same_scope_narrows_the_admin_of_every_app(member):
    # The foundation's scope_filter sees what referent_save wrote: one scope model, not two.
    ReferentFactory(user=member, kind=Referent.Kind.TERRITORY, sirens=[CAP_ATLANTIQUE])
    guerande_and_nantes = Commune.objects.filter(insee__in=["44069", "44109"])

    in_scope = scope_filter(member, guerande_and_nantes, territory_lookup="intercommunalite")

    assert [commune.name for commune in in_scope] == ["Guérande"]


def test_changing_role_moves_the_account_to_the_other_group_and_scope(member):
    referent = ReferentFactory(user=member, themes=["emploi"])

    referent.kind = Referent.Kind.TERRITORY
    referent_save(
        referent=referent, themes=[], territories=Intercommunalite.objects.filter(siren=NANTES_METROPOLE)
    )

    member.refresh_from_db()
    assert _group_names(member) == {TERRITORY_REFERENTS}
    assert not member.scope.themes.exists()
    assert list(member.scope.intercommunalites.values_list("siren", flat=True)) == [NANTES_METROPOLE]
    assert referent.area_in_words == "Nantes Métropole"


@pytest.mark.parametrize(
    ("kind", "themes", "sirens", "field", "message"),
    [
        (Referent.Kind.THEMATIC, [], [], "themes", "suit au moins un thème"),
        (
            Referent.Kind.THEMATIC,
            ["emploi"],
            [NANTES_METROPOLE],
            "territories",
            "ne cochez pas d'intercommunalité",
        ),
        (Referent.Kind.TERRITORY, [], [], "territories", "suit une intercommunalité"),
        (Referent.Kind.TERRITORY, ["emploi"], [NANTES_METROPOLE], "themes", "ne cochez pas de thème"),
    ],
)
def test_it_refuses_a_scope_that_does_not_fit_the_role(member, kind, themes, sirens, field, message):
    referent = Referent(
        user=member, public_name="X", kind=kind, structure="S", structure_kind="autre", presentation="P"
    )

    with pytest.raises(ValidationError) as error:
        referent_save(
            referent=referent,
            themes=Theme.objects.filter(slug__in=themes),
            territories=Intercommunalite.objects.filter(siren__in=sirens),
        )

    assert message in error.value.message_dict[field][0]
    assert not Referent.objects.exists()


def test_an_inactive_referent_loses_the_admin_but_keeps_their_scope_for_later(member):
    referent = ReferentFactory(user=member)

    referent.is_active = False
    referent.save()
    referent_sync_access(referent)

    member.refresh_from_db()
    assert _group_names(member) == set()
    assert not member.is_staff
    assert member.scope.themes.exists()


def test_a_moderator_who_stops_being_a_referent_stays_staff(db):
    user = make_user("mod", group=MODERATION)
    referent = ReferentFactory(user=user)

    referent_delete(referent)

    user.refresh_from_db()
    assert user.is_staff
    assert _group_names(user) == {MODERATION}
    assert not Scope.objects.filter(user=user).exists()


def test_lists_skip_inactive_referents_and_inactive_accounts(db):
    shown = ReferentFactory()
    ReferentFactory(is_active=False)
    ReferentFactory(user=make_user("parti", is_active=False))

    assert list(Referent.objects.active()) == [shown]


# Permanences ---------------------------------------------------------------------------------


def test_a_permanence_is_placed_at_its_communes_centre_when_no_point_is_given(db):
    blain = Commune.objects.get(insee="44015")

    permanence = PermanenceFactory(insee="44015")

    assert permanence.point == blain.centre
    assert permanence.commune == blain


def test_a_permanence_takes_its_commune_from_the_point_given(db):
    guerande = Commune.objects.get(insee="44069")

    # Chosen "Nantes" by mistake, but the point is in Guérande: the point wins.
    permanence = PermanenceFactory(insee="44109", point=guerande.centre)

    assert permanence.commune == guerande


def test_a_permanence_outside_loire_atlantique_is_refused_in_french(db):
    rennes = Point(-1.68, 48.11, srid=4326)

    with pytest.raises(ValidationError) as error:
        PermanenceFactory(point=rennes)

    assert "n'est pas en Loire-Atlantique" in error.value.message_dict["point"][0]


def test_a_permanence_ends_after_it_starts(db):
    with pytest.raises(ValidationError) as error:
        PermanenceFactory(start_time=time(17, 0), end_time=time(14, 0))

    assert error.value.message_dict["end_time"] == ["L'heure de fin doit être après l'heure de début."]


def test_a_frequency_naming_another_day_is_refused(db):
    with pytest.raises(ValidationError) as error:
        PermanenceFactory(weekday=Permanence.Weekday.TUESDAY, frequency="1er et 3e jeudi du mois")

    assert "parle du jeudi mais le jour choisi est le mardi" in error.value.message_dict["frequency"][0]


@pytest.mark.parametrize(
    ("weekday", "start", "end", "frequency", "words"),
    [
        (1, time(14, 0), time(17, 0), "", "le mardi de 14 h à 17 h"),
        (
            5,
            time(9, 30),
            time(12, 0),
            "1er et 3e samedi du mois",
            "1er et 3e samedi du mois, de 9 h 30 à 12 h",
        ),
    ],
)
def test_a_permanence_says_when_in_words(weekday, start, end, frequency, words):
    permanence = Permanence(weekday=weekday, start_time=start, end_time=end, frequency=frequency)

    assert permanence.when_in_words == words
