"""The back office: French, roles, suspensions, the shared model's admin and the referents' guide."""

import re
from datetime import timedelta

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone

from accounts.models import MODERATION, TERRITORY_REFERENTS, THEMATIC_REFERENTS, Suspension
from tests.conftest import NANTES_METROPOLE, PASSWORD, make_user
from tousvoisins.models import Commune, Intercommunalite, Theme

pytestmark = pytest.mark.django_db


def form_data(response):
    """What the admin change form on `response` sends back when nothing is touched."""
    data = {}
    page_forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        page_forms += [inline.formset.management_form, *inline.formset.forms]
    for form in page_forms:
        for name, field in form.fields.items():
            if not field.disabled:
                data.update(_posted(form.add_prefix(name), field.widget, form[name].value()))
    return data


def _posted(key, widget, value):
    if value is None or value is False:
        return {}
    if value is True:
        return {key: "on"}
    if isinstance(widget, forms.MultiWidget):
        return {
            f"{key}_{i}": str(part) for i, part in enumerate(widget.decompress(value)) if part is not None
        }
    if isinstance(value, list | tuple):
        return {key: [str(item) for item in value]}
    return {key: str(value)}


def user_url(user):
    return f"/admin/accounts/user/{user.pk}/change/"


# French, and the guide ------------------------------------------------------------------------


def test_it_speaks_french_in_the_admin(client, moderator):
    client.force_login(moderator)
    response = client.get("/admin/")
    assert '<html lang="fr"' in response.text
    assert "Déconnexion" in response.text
    assert "Espace des référents et de la modération" in response.text
    assert "Utilisateurs" in response.text


def test_it_links_the_referents_guide_from_the_admin_home(client, nantes_referent):
    client.force_login(nantes_referent)
    response = client.get("/admin/")
    assert 'href="/admin/guide/"' in response.text
    assert "Guide du bénévole référent" in response.text


def test_it_shows_the_guide_with_the_referents_own_scope(client, nantes_referent):
    client.force_login(nantes_referent)
    response = client.get("/admin/guide/")
    assert response.status_code == 200
    assert "<title>Guide du bénévole référent — Tous voisins 44</title>" in response.text
    assert response.text.count("<h1") == 1
    assert "votre territoire : Nantes Métropole" in response.text
    assert "Publier ou refuser" in response.text


def test_it_keeps_the_guide_for_staff(client, member):
    response = client.get("/admin/guide/")
    assert response.status_code == 302
    assert response.url == "/admin/login/?next=/admin/guide/"
    client.force_login(member)
    assert client.get("/admin/guide/").url == "/admin/login/?next=/admin/guide/"


def test_it_signs_a_referent_in_with_their_email_address(client, nantes_referent):
    cache.clear()
    assert "Adresse e-mail (ou nom d&#x27;utilisateur)" in client.get("/admin/login/").text
    response = client.post(
        "/admin/login/", {"username": "nadia@exemple.fr", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_it_slows_down_password_guessing_on_the_admin_sign_in(client, nantes_referent):
    cache.clear()
    attempt = {"username": "nadia@exemple.fr", "password": "devine", "next": "/admin/"}
    for _ in range(5):
        assert client.post("/admin/login/", attempt).status_code == 200
    assert client.post("/admin/login/", attempt).status_code == 403
    assert client.post("/admin/login/", {**attempt, "password": PASSWORD}).status_code == 403
    cache.clear()


def test_it_keeps_a_plain_member_out_of_the_admin(client, member):
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


# Users, roles and suspensions ----------------------------------------------------------------


def test_it_lists_users_with_their_roles(
    client, moderator, nantes_referent, member, django_assert_num_queries
):
    client.force_login(moderator)
    # session, user, user permissions, group permissions, count, full count, the page of users,
    # their groups (prefetch), the groups for the "groupe" filter.
    with django_assert_num_queries(9):
        response = client.get("/admin/accounts/user/")
    assert response.status_code == 200
    assert "Référents de territoire" in response.text
    assert "alice@exemple.fr" in response.text


def test_it_lets_a_moderator_give_a_referent_their_scope(client, moderator):
    referent = make_user("lea", group=TERRITORY_REFERENTS)
    client.force_login(moderator)
    data = form_data(client.get(user_url(referent)))
    scope_key = next(key for key in data if key.endswith("-TOTAL_FORMS") and key.startswith("scope"))
    prefix = scope_key.removesuffix("-TOTAL_FORMS")
    data[f"{prefix}-0-intercommunalites"] = [str(Intercommunalite.objects.get(siren=NANTES_METROPOLE).pk)]
    response = client.post(user_url(referent), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert response["Location"] == "/admin/accounts/user/"
    assert list(referent.scope.intercommunalites.values_list("siren", flat=True)) == [NANTES_METROPOLE]


def test_it_records_who_suspended_a_member_from_their_account_page(client, moderator, member):
    client.force_login(moderator)
    data = form_data(client.get(user_url(member)))
    prefix = next(key for key in data if key.startswith("suspensions") and key.endswith("-TOTAL_FORMS"))
    prefix = prefix.removesuffix("-TOTAL_FORMS")
    until = timezone.localtime() + timedelta(days=2)
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-reason": "Publicité répétée.",
            f"{prefix}-0-starts_at_0": timezone.localdate().strftime("%d/%m/%Y"),
            f"{prefix}-0-starts_at_1": "00:00",
            f"{prefix}-0-ends_at_0": until.strftime("%d/%m/%Y"),
            f"{prefix}-0-ends_at_1": "12:00",
        }
    )
    response = client.post(user_url(member), data)
    assert response.status_code == 302
    assert response["Location"] == "/admin/accounts/user/"
    suspension = member.current_suspension()
    assert (suspension.reason, suspension.created_by) == ("Publicité répétée.", moderator)


def test_it_never_lets_a_moderator_suspend_a_superuser(client, moderator):
    boss = make_user("patron", is_superuser=True, is_staff=True)
    client.force_login(moderator)
    response = client.post(
        "/admin/accounts/suspension/add/",
        {
            "user": boss.pk,
            "reason": "?",
            "starts_at_0": "01/01/2027",
            "starts_at_1": "10:00",
            "ends_at_0": "02/01/2027",
            "ends_at_1": "10:00",
        },
    )
    assert response.status_code == 200
    assert not Suspension.objects.exists()


def test_it_never_lets_a_moderator_make_someone_superuser(client, moderator, member):
    client.force_login(moderator)
    response = client.get(user_url(member))
    form = response.context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields
    assert "../password/" not in response.text  # no "Réinitialiser le mot de passe" link
    roles = sorted(form.fields["groups"].queryset.values_list("name", flat=True))
    assert roles == sorted([MODERATION, TERRITORY_REFERENTS, THEMATIC_REFERENTS])

    data = {**form_data(response), "is_superuser": "on", "is_staff": "on"}
    response = client.post(user_url(member), data)
    assert (response.status_code, response["Location"]) == (302, "/admin/accounts/user/")
    member.refresh_from_db()
    assert member.is_staff
    assert not member.is_superuser


def test_it_never_lets_a_moderator_set_someones_password(client, moderator, member):
    client.force_login(moderator)
    response = client.post(
        f"/admin/accounts/user/{member.pk}/password/",
        {"password1": "nouveau mot de passe 44", "password2": "nouveau mot de passe 44"},
    )
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.check_password("un mot de passe solide 44")


def test_it_keeps_groups_a_moderator_is_not_offered(client, moderator, member):
    member.groups.add(Group.objects.create(name="Équipe technique"))
    client.force_login(moderator)
    data = form_data(client.get(user_url(member)))
    data["groups"] = [str(Group.objects.get(name=THEMATIC_REFERENTS).pk)]
    response = client.post(user_url(member), data)
    assert (response.status_code, response["Location"]) == (302, "/admin/accounts/user/")
    assert sorted(member.groups.values_list("name", flat=True)) == [THEMATIC_REFERENTS, "Équipe technique"]


def test_it_never_lets_a_moderator_change_a_superuser(client, moderator):
    boss = make_user("patron", is_superuser=True, is_staff=True)
    client.force_login(moderator)
    assert client.get(user_url(boss)).status_code == 200  # read only
    response = client.post(user_url(boss), {"username": "patron", "email": "pirate@exemple.fr"})
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.email == "patron@exemple.fr"


def test_it_lets_a_moderator_suspend_a_member_who_then_cannot_post(client, moderator, member):
    client.force_login(moderator)
    until = timezone.localtime() + timedelta(days=7)
    response = client.post(
        "/admin/accounts/suspension/add/",
        {
            "user": member.pk,
            "reason": "Messages insultants dans le forum.",
            "starts_at_0": timezone.localdate().strftime("%d/%m/%Y"),
            "starts_at_1": "00:00:00",
            "ends_at_0": until.strftime("%d/%m/%Y"),
            "ends_at_1": "23:59:00",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/accounts/suspension/"
    suspension = Suspension.objects.get()
    assert (suspension.user, suspension.created_by) == (member, moderator)

    client.force_login(member)
    response = client.post("/", {"anything": "x"})
    assert response.status_code == 403
    assert "Messages insultants dans le forum." in response.text


def test_it_refuses_a_suspension_ending_before_it_starts(client, moderator, member):
    client.force_login(moderator)
    response = client.post(
        "/admin/accounts/suspension/add/",
        {
            "user": member.pk,
            "reason": "Spam.",
            "starts_at_0": "10/01/2027",
            "starts_at_1": "10:00",
            "ends_at_0": "09/01/2027",
            "ends_at_1": "10:00",
        },
    )
    assert response.status_code == 200
    assert "La fin doit venir après le début." in response.text
    assert not Suspension.objects.exists()


def test_it_lifts_suspensions_in_bulk_and_says_so(client, moderator, member, django_assert_num_queries):
    suspension = Suspension.objects.create(
        user=member, reason="Spam.", ends_at=timezone.now() + timedelta(days=3), created_by=moderator
    )
    client.force_login(moderator)
    # session, user, user permissions, group permissions, count, full count, the page with
    # member and author.
    with django_assert_num_queries(7):
        response = client.get("/admin/accounts/suspension/")
    assert "Spam." in response.text
    response = client.post(
        "/admin/accounts/suspension/", {"action": "lift", "_selected_action": [suspension.pk]}, follow=True
    )
    assert "1 suspension levée." in response.text
    suspension.refresh_from_db()
    assert suspension.lifted_at is not None
    assert member.current_suspension() is None


# Thèmes, communes, intercommunalités ---------------------------------------------------------


def test_it_lists_communes_to_a_referent(client, nantes_referent, django_assert_num_queries):
    client.force_login(nantes_referent)
    # session, user, user permissions, group permissions, the intercommunalités of the filter,
    # count, full count, the page of communes with their intercommunalité.
    with django_assert_num_queries(8):
        response = client.get("/admin/tousvoisins/commune/")
    assert response.status_code == 200
    assert "Guérande" in response.text
    assert "44350" in response.text


@pytest.mark.parametrize("words", ["44800", "st herblain", "Saint-Herblain"])
def test_it_finds_a_commune_by_postal_code_or_loose_name(client, moderator, words):
    client.force_login(moderator)
    response = client.get("/admin/tousvoisins/commune/", {"q": words})
    assert [commune.name for commune in response.context["cl"].result_list] == ["Saint-Herblain"]


def test_it_lets_a_referent_view_a_commune_on_a_map_but_not_change_it(client, nantes_referent):
    reze = Commune.objects.get(name="Rezé")
    url = f"/admin/tousvoisins/commune/{reze.pk}/change/"
    client.force_login(nantes_referent)
    response = client.get(url)
    assert response.status_code == 200
    assert 'data-map-config="id_geometry_carte-map-config"' in response.text
    assert "47.1" in response.text  # the centre, as coordinates
    assert client.post(url, {"name": "Rezé-les-Bains"}).status_code == 403
    reze.refresh_from_db()
    assert reze.name == "Rezé"


def test_it_lets_a_moderator_change_a_commune(client, moderator):
    reze = Commune.objects.get(name="Rezé")
    url = f"/admin/tousvoisins/commune/{reze.pk}/change/"
    client.force_login(moderator)
    data = {**form_data(client.get(url)), "population": "75000"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert response["Location"] == "/admin/tousvoisins/commune/"
    reze.refresh_from_db()
    assert reze.population == 75000
    assert reze.geometry.num_coords > 10


def test_it_renders_the_map_widget_without_inline_script_or_style(client, moderator):
    nantes = Commune.objects.get(name="Nantes")
    client.force_login(moderator)
    response = client.get(f"/admin/tousvoisins/commune/{nantes.pk}/change/")
    html = response.text
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts.index("/static/leaflet/leaflet.forms.js") < scripts.index("/static/js/admin-map.js")
    assert 'data-map-config="id_geometry-map-config"' in html
    assert 'data-map-config="id_centre-map-config"' in html
    assert '<script id="id_geometry-map-config" type="application/json">' in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all("src=" in tag or 'type="application/json"' in tag for tag in scripts), scripts
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_it_lists_intercommunalites_with_their_number_of_communes(
    client, nantes_referent, django_assert_num_queries
):
    client.force_login(nantes_referent)
    # session, user, user permissions, group permissions, count, full count, the page with the
    # number of communes annotated.
    with django_assert_num_queries(7):
        response = client.get("/admin/tousvoisins/intercommunalite/")
    nantes = next(row for row in response.context["cl"].result_list if row.siren == NANTES_METROPOLE)
    assert nantes.commune_count == 24
    assert f'?intercommunalite__id__exact={nantes.pk}">24</a>' in response.text


def test_it_lists_themes_with_a_colour_sample(client, moderator, django_assert_num_queries):
    client.force_login(moderator)
    # session, user, user permissions, group permissions, count, full count, the page of thèmes.
    with django_assert_num_queries(7):
        response = client.get("/admin/tousvoisins/theme/")
    assert '<rect width="16" height="16" fill="#8a4b08"/>' in response.text


def test_it_refuses_a_theme_colour_too_light_for_white_text(client, moderator):
    emploi = Theme.objects.get(slug="emploi")
    url = f"/admin/tousvoisins/theme/{emploi.pk}/change/"
    client.force_login(moderator)
    data = {**form_data(client.get(url)), "colour": "#ffdd00"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Cette couleur est trop claire" in response.text
    emploi.refresh_from_db()
    assert emploi.colour == "#8a4b08"
