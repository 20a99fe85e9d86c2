"""A referent reaches only what is in their scope (accounts/scoping.py), through the real admin.

tests/scoping_app's Activity is shaped like an event: thèmes, and a commune whose intercommunalité
places it (scope_territory_lookup = "commune__intercommunalite").
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db.models import Count

from accounts.models import TERRITORY_REFERENTS, THEMATIC_REFERENTS
from accounts.scoping import scope_filter
from tests.conftest import CAP_ATLANTIQUE, NANTES_METROPOLE, make_user
from tests.scoping_app.models import Activity
from tousvoisins.models import Commune, Theme

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/scoping_app/activity/"
ADD = "/admin/scoping_app/activity/add/"


def change_url(activity):
    return f"/admin/scoping_app/activity/{activity.pk}/change/"


@pytest.fixture(autouse=True)
def referents_may_manage_activities(db):
    permissions = Permission.objects.filter(content_type__app_label="scoping_app")
    for name in (THEMATIC_REFERENTS, TERRITORY_REFERENTS):
        Group.objects.get(name=name).permissions.add(*permissions)


def make_activity(title, commune_name, *theme_slugs):
    activity = Activity.objects.create(title=title, commune=Commune.objects.get(name=commune_name))
    activity.themes.set(Theme.objects.filter(slug__in=theme_slugs))
    return activity


@pytest.fixture
def activities(db):
    return {
        "cv_reze": make_activity("Atelier CV à Rezé", "Rezé", "emploi"),
        "picnic_nantes": make_activity("Pique-nique à Nantes", "Nantes", "loisirs-culture-sport"),
        "walk_guerande": make_activity("Balade à Guérande", "Guérande", "loisirs-culture-sport"),
        "jobs_baule": make_activity(
            "Forum de l'emploi à La Baule", "La Baule-Escoublac", "emploi", "mobilite"
        ),
    }


def listed_titles(response):
    return sorted(str(activity) for activity in response.context["cl"].result_list)


# The changelist of a referent, in 8 queries: session, user, the user's own permissions, their
# groups' permissions, their group names (moderator or referent?), the count of rows in scope,
# the full count ("x sur y", here the same scoped queryset), the page of rows with their commune.
# The scope itself is a subquery, never a query of its own.
CHANGELIST_QUERIES = 8


def test_it_lists_only_the_activities_of_the_territory_referents_intercommunalite(
    client, nantes_referent, activities, django_assert_num_queries
):
    client.force_login(nantes_referent)
    with django_assert_num_queries(CHANGELIST_QUERIES):
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert listed_titles(response) == ["Atelier CV à Rezé", "Pique-nique à Nantes"]
    assert "Balade à Guérande" not in response.text


def test_it_lists_the_activities_of_the_thematic_referents_themes_in_every_territory(
    client, thematic_referent, activities, django_assert_num_queries
):
    client.force_login(thematic_referent)
    with django_assert_num_queries(CHANGELIST_QUERIES):
        response = client.get(CHANGELIST)
    assert listed_titles(response) == ["Atelier CV à Rezé", "Forum de l'emploi à La Baule"]


def test_it_lets_a_moderator_see_and_change_everything(client, moderator, activities):
    Group.objects.get(name="Modération").permissions.add(
        *Permission.objects.filter(content_type__app_label="scoping_app")
    )
    client.force_login(moderator)
    assert len(listed_titles(client.get(CHANGELIST))) == 4
    walk = activities["walk_guerande"]
    response = client.post(change_url(walk), {"title": "Balade au marais", "commune": walk.commune_id})
    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    walk.refresh_from_db()
    assert walk.title == "Balade au marais"
    assert walk.updated_by == moderator


def test_it_answers_as_if_an_activity_outside_the_scope_did_not_exist(client, nantes_referent, activities):
    client.force_login(nantes_referent)
    response = client.get(change_url(activities["walk_guerande"]), follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert "n’existe pas. Peut-être a-t-il été supprimé" in response.text
    assert "Balade à Guérande" not in response.text


def test_it_does_not_save_changes_posted_to_an_activity_outside_the_scope(
    client, nantes_referent, activities
):
    walk = activities["walk_guerande"]
    client.force_login(nantes_referent)
    response = client.post(
        change_url(walk),
        {"title": "Changé par Nantes", "commune": Commune.objects.get(name="Nantes").pk},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"  # as if it did not exist
    walk.refresh_from_db()
    assert walk.title == "Balade à Guérande"
    assert walk.commune.name == "Guérande"


def test_it_does_not_delete_an_activity_outside_the_scope(client, nantes_referent, activities):
    walk = activities["walk_guerande"]
    client.force_login(nantes_referent)
    response = client.post(f"/admin/scoping_app/activity/{walk.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"  # as if it did not exist
    assert Activity.objects.filter(pk=walk.pk).exists()


def test_it_says_no_to_every_object_permission_outside_the_scope(rf, nantes_referent, activities):
    model_admin = admin.site.get_model_admin(Activity)
    request = rf.get("/admin/")
    request.user = nantes_referent
    inside, outside = activities["cv_reze"], activities["walk_guerande"]
    assert model_admin.has_change_permission(request, inside)
    assert not model_admin.has_view_permission(request, outside)
    assert not model_admin.has_change_permission(request, outside)
    assert not model_admin.has_delete_permission(request, outside)


def test_it_lets_a_territory_referent_change_an_activity_of_their_territory(
    client, nantes_referent, activities
):
    cv = activities["cv_reze"]
    client.force_login(nantes_referent)
    response = client.post(
        change_url(cv),
        {
            "title": "Atelier CV et lettre",
            "commune": cv.commune_id,
            "themes": [Theme.objects.get(slug="emploi").pk],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    cv.refresh_from_db()
    assert cv.title == "Atelier CV et lettre"
    assert cv.updated_by == nantes_referent


def test_it_offers_a_territory_referent_only_the_communes_of_their_territory(client, nantes_referent):
    client.force_login(nantes_referent)
    response = client.get(ADD)
    communes = response.context["adminform"].form.fields["commune"].queryset
    assert communes.count() == 24
    assert set(communes.values_list("intercommunalite__siren", flat=True)) == {NANTES_METROPOLE}
    assert "Guérande" not in response.text
    # Every thème stays offered: the territory alone keeps the activity in scope.
    assert response.context["adminform"].form.fields["themes"].queryset.count() == 6


def test_it_refuses_to_create_an_activity_in_another_territory(client, nantes_referent):
    client.force_login(nantes_referent)
    response = client.post(ADD, {"title": "Concert", "commune": Commune.objects.get(name="Guérande").pk})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.text
    assert not Activity.objects.exists()


def test_it_creates_an_activity_in_the_referents_territory_and_records_who(client, nantes_referent):
    client.force_login(nantes_referent)
    response = client.post(ADD, {"title": "Concert", "commune": Commune.objects.get(name="Rezé").pk})
    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    concert = Activity.objects.get()
    assert (concert.created_by, concert.updated_by) == (nantes_referent, nantes_referent)


def test_it_refuses_an_activity_without_the_thematic_referents_themes(client, thematic_referent):
    client.force_login(thematic_referent)
    response = client.post(ADD, {"title": "Concert", "commune": Commune.objects.get(name="Guérande").pk})
    assert response.status_code == 200
    assert "Pour rester dans votre périmètre de référent, choisissez l&#x27;un de vos thèmes (Emploi)." in (
        response.text
    )
    assert not Activity.objects.exists()


def test_it_offers_a_thematic_referent_their_themes_and_keeps_those_already_set(
    client, thematic_referent, activities
):
    jobs = activities["jobs_baule"]  # emploi + mobilité
    client.force_login(thematic_referent)
    response = client.get(change_url(jobs))
    offered = response.context["adminform"].form.fields["themes"].queryset
    assert sorted(offered.values_list("slug", flat=True)) == ["emploi", "mobilite"]
    # Any territory: their thèmes keep the activity in scope.
    assert response.context["adminform"].form.fields["commune"].queryset.count() == 207

    themes = list(jobs.themes.values_list("pk", flat=True))
    response = client.post(
        change_url(jobs), {"title": "Forum emploi", "commune": jobs.commune_id, "themes": themes}
    )
    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    assert sorted(jobs.themes.values_list("slug", flat=True)) == ["emploi", "mobilite"]


def test_it_gives_a_mixed_referent_either_side_of_their_scope(client, activities):
    referent = make_user("zoe", group=TERRITORY_REFERENTS, themes=["emploi"], sirens=[CAP_ATLANTIQUE])
    client.force_login(referent)
    response = client.get(CHANGELIST)
    assert listed_titles(response) == [
        "Atelier CV à Rezé",
        "Balade à Guérande",
        "Forum de l'emploi à La Baule",
    ]


def test_it_shows_nothing_to_a_referent_without_scope(client, activities):
    client.force_login(make_user("sans-perimetre", group=TERRITORY_REFERENTS))
    response = client.get(CHANGELIST)
    assert listed_titles(response) == []


def test_scope_filter_works_on_a_direct_territory_and_keeps_ordering_and_annotations(
    nantes_referent, moderator, member, django_assert_num_queries
):
    communes = Commune.objects.annotate(codes=Count("postal_codes")).order_by("-population")
    assert nantes_referent.is_referent  # the group names are looked up once per user object
    with django_assert_num_queries(1):  # the scope is a subquery of the one SELECT
        scoped = list(scope_filter(nantes_referent, communes, territory_lookup="intercommunalite"))
    assert len(scoped) == 24
    assert scoped[0].name == "Nantes"
    assert hasattr(scoped[0], "codes")
    assert scope_filter(moderator, communes, territory_lookup="intercommunalite").count() == 207
    assert scope_filter(member, communes, territory_lookup="intercommunalite").count() == 0


def test_scope_filter_gives_nothing_to_a_visitor(activities):
    from django.contrib.auth.models import AnonymousUser

    assert not scope_filter(AnonymousUser(), Activity.objects.all(), theme_lookup="themes").exists()


def test_it_keeps_a_plain_member_out_of_the_admin(client, member, activities):
    client.force_login(member)
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
