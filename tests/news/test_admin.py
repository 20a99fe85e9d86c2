"""News in the admin, from both sides: a referent writes the news of their thèmes or
intercommunalité and nothing else; moderators see and change everything; members have no access."""

import html
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import MODERATION, TERRITORY_REFERENTS, THEMATIC_REFERENTS
from news.models import NewsItem
from tests.conftest import CAP_ATLANTIQUE, NANTES_METROPOLE
from tests.factories.news import NewsItemFactory
from tousvoisins.models import Intercommunalite, Theme

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/news/newsitem/"
ADD = f"{CHANGELIST}add/"


def change_url(item):
    return f"{CHANGELIST}{item.pk}/change/"


def listed(response):
    assert response.status_code == 200
    return sorted(item.title for item in response.context["cl"].result_list)


def text(response):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.fixture
def items():
    return {
        "nantes": NewsItemFactory(
            title="Fête à Rezé", themes=["loisirs-culture-sport"], siren=NANTES_METROPOLE
        ),
        "cap": NewsItemFactory(
            title="Balade à Guérande", themes=["loisirs-culture-sport"], siren=CAP_ATLANTIQUE
        ),
        "jobs": NewsItemFactory(title="Forum de l'emploi", themes=["emploi"]),
    }


def form_data(*, themes=("emploi",), siren=None, **fields):
    territory = Intercommunalite.objects.get(siren=siren).pk if siren else ""
    published = timezone.localtime(timezone.now() - timedelta(hours=1))
    return {
        "title": "Un atelier CV à Blain",
        "summary": "Un atelier à Blain pour écrire son CV.",
        "lead": "Un atelier pour écrire son CV.",
        "body": "Venez avec vos questions.",
        "picture_alt": "",
        "themes": [str(pk) for pk in Theme.objects.filter(slug__in=themes).values_list("pk", flat=True)],
        "intercommunalite": str(territory),
        "status": NewsItem.Status.PUBLISHED,
        "published_at_0": published.strftime("%d/%m/%Y"),
        "published_at_1": published.strftime("%H:%M:%S"),
        "signature": "Sophie",
        **fields,
    }


# Who sees what --------------------------------------------------------------------------------


def test_a_moderator_sees_every_item(client, moderator, items):
    client.force_login(moderator)

    assert listed(client.get(CHANGELIST)) == ["Balade à Guérande", "Forum de l'emploi", "Fête à Rezé"]


def test_a_territory_referent_sees_only_the_news_of_their_intercommunalite(client, nantes_referent, items):
    client.force_login(nantes_referent)

    assert listed(client.get(CHANGELIST)) == ["Fête à Rezé"]
    assert client.get(change_url(items["nantes"])).status_code == 200


def test_a_referent_of_nantes_cannot_open_or_change_an_item_of_cap_atlantique(client, nantes_referent, items):
    cap = items["cap"]
    client.force_login(nantes_referent)

    page = client.get(change_url(cap), follow=True)
    post = client.post(change_url(cap), form_data(siren=NANTES_METROPOLE, title="Détournée"))
    unpublish = client.post(
        CHANGELIST, {"action": "unpublish_selected", "_selected_action": [str(cap.pk)]}, follow=True
    )

    # The admin answers as if the item did not exist.
    assert page.redirect_chain == [("/admin/", 302)]
    assert "Balade à Guérande" not in text(page)
    assert post.status_code == 302
    assert unpublish.status_code == 200
    cap.refresh_from_db()
    assert (cap.title, cap.status) == ("Balade à Guérande", NewsItem.Status.PUBLISHED)
    assert client.post(f"{CHANGELIST}{cap.pk}/delete/", {"post": "yes"}).status_code == 403


def test_a_referent_of_cap_atlantique_cannot_change_an_item_of_nantes(client, cap_referent, items):
    client.force_login(cap_referent)

    assert listed(client.get(CHANGELIST)) == ["Balade à Guérande"]
    client.post(change_url(items["nantes"]), form_data(siren=CAP_ATLANTIQUE, title="Détournée"))

    items["nantes"].refresh_from_db()
    assert items["nantes"].title == "Fête à Rezé"


def test_a_thematic_referent_sees_the_news_of_their_themes(client, thematic_referent, items):
    client.force_login(thematic_referent)

    assert listed(client.get(CHANGELIST)) == ["Forum de l'emploi"]


def test_a_member_has_no_access_to_the_news_admin(client, member, items):
    client.force_login(member)

    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    assert client.post(ADD, form_data()).status_code == 302
    assert NewsItem.objects.count() == 3


# Writing ---------------------------------------------------------------------------------------


def test_a_thematic_referent_writes_a_news_item_of_their_theme(client, thematic_referent):
    client.force_login(thematic_referent)

    response = client.post(ADD, form_data())

    assert response.status_code == 302, text(response)
    assert response["Location"] == CHANGELIST
    item = NewsItem.objects.get()
    assert (item.slug, item.author, item.signature) == ("un-atelier-cv-a-blain", thematic_referent, "Sophie")
    assert list(item.themes.values_list("slug", flat=True)) == ["emploi"]
    assert item.intercommunalite is None
    assert client.get("/actualites/un-atelier-cv-a-blain/").status_code == 200


def test_a_thematic_referent_cannot_save_an_item_outside_their_themes(client, thematic_referent):
    client.force_login(thematic_referent)

    response = client.post(ADD, form_data(themes=["logement"]))

    assert response.status_code == 200
    assert not NewsItem.objects.exists()
    # Their form offers only their thèmes: another one is refused as an unknown choice.
    assert "Sélectionnez un choix valide" in text(response)


def test_a_territory_referent_must_choose_their_intercommunalite(client, nantes_referent):
    client.force_login(nantes_referent)

    without = client.post(ADD, form_data(siren=None))
    elsewhere = client.post(ADD, form_data(siren=CAP_ATLANTIQUE))

    assert "Pour rester dans votre périmètre de référent, choisissez un lieu de votre territoire" in text(
        without
    )
    assert "Sélectionnez un choix valide" in text(elsewhere)
    assert not NewsItem.objects.exists()
    response = client.post(ADD, form_data(siren=NANTES_METROPOLE))
    assert (response.status_code, response["Location"]) == (302, CHANGELIST)
    assert NewsItem.objects.get().intercommunalite.siren == NANTES_METROPOLE


def test_a_territory_referent_cannot_move_their_item_out_of_their_territory(client, nantes_referent, items):
    client.force_login(nantes_referent)

    response = client.post(
        change_url(items["nantes"]), form_data(siren=None, themes=["loisirs-culture-sport"])
    )

    assert response.status_code == 200
    items["nantes"].refresh_from_db()
    assert items["nantes"].intercommunalite.siren == NANTES_METROPOLE


def test_the_add_form_offers_a_referent_only_their_territory(client, nantes_referent):
    client.force_login(nantes_referent)

    page = client.get(ADD)

    choices = [choice[1] for choice in page.context["adminform"].form.fields["intercommunalite"].choices]
    assert choices == ["Toute la Loire-Atlantique", "Nantes Métropole"]


def test_the_signature_defaults_to_the_team(client, moderator):
    client.force_login(moderator)

    page = client.get(ADD)

    assert page.context["adminform"].form.initial["signature"] == "L'équipe Tous voisins 44"


def test_a_moderator_writes_for_the_whole_departement(client, moderator):
    client.force_login(moderator)

    response = client.post(
        ADD, form_data(themes=["logement", "mobilite"], signature="L'équipe Tous voisins 44")
    )

    assert response.status_code == 302, text(response)
    assert response["Location"] == CHANGELIST
    assert NewsItem.objects.get().author == moderator


def _photo():
    image = Image.new("RGB", (2400, 1600), (10, 120, 200))
    exif = Image.Exif()
    exif[0x013B] = "Jeanne Martin"  # Artist
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("jeanne-martin.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_picture_is_reencoded_without_exif_with_a_thumbnail(client, moderator):
    client.force_login(moderator)

    response = client.post(ADD, form_data(picture=_photo(), picture_alt="Des personnes autour d'une table"))

    assert response.status_code == 302, text(response)
    item = NewsItem.objects.get()
    assert "jeanne" not in item.picture.name
    with item.picture.open("rb") as saved:
        raw = saved.read()
    assert b"Jeanne Martin" not in raw
    assert Image.open(io.BytesIO(raw)).size == (1600, 1067)
    assert Image.open(item.thumbnail.open("rb")).size == (400, 267)
    page = client.get(item.get_absolute_url()).content.decode()
    assert f'src="{item.picture.url}" alt="Des personnes autour d&#x27;une table"' in page


def test_a_picture_without_its_description_is_refused_beside_the_field(client, moderator):
    client.force_login(moderator)

    response = client.post(ADD, form_data(picture=_photo(), picture_alt=""))

    assert response.status_code == 200
    assert "Décrivez l'image en une phrase, pour les personnes qui ne la voient pas." in text(response)
    assert not NewsItem.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(client, moderator):
    client.force_login(moderator)

    response = client.post(
        ADD, form_data(picture=SimpleUploadedFile("x.jpg", b"pas une image", "image/jpeg"), picture_alt="x")
    )

    assert response.status_code == 200
    assert not NewsItem.objects.exists()


# Bulk actions ----------------------------------------------------------------------------------


def test_publishing_drafts_dates_them_today_and_keeps_a_date_to_come(client, nantes_referent):
    old_draft = NewsItemFactory(
        title="Brouillon ancien",
        status=NewsItem.Status.DRAFT,
        siren=NANTES_METROPOLE,
        published_at=timezone.now() - timedelta(days=10),
    )
    scheduled = NewsItemFactory(
        title="Pour la semaine prochaine",
        status=NewsItem.Status.DRAFT,
        siren=NANTES_METROPOLE,
        published_at=timezone.now() + timedelta(days=7),
    )
    outside = NewsItemFactory(title="Ailleurs", status=NewsItem.Status.DRAFT, siren=CAP_ATLANTIQUE)
    client.force_login(nantes_referent)

    response = client.post(
        CHANGELIST,
        {
            "action": "publish_selected",
            "_selected_action": [str(old_draft.pk), str(scheduled.pk), str(outside.pk)],
        },
        follow=True,
    )

    assert "1 actualité(s) publiée(s). 1 actualité(s) paraîtront à leur date de publication." in text(
        response
    )
    for item in (old_draft, scheduled, outside):
        item.refresh_from_db()
    assert old_draft.status == scheduled.status == NewsItem.Status.PUBLISHED
    assert timezone.now() - old_draft.published_at < timedelta(minutes=1)
    assert scheduled.published_at > timezone.now() + timedelta(days=6)
    assert outside.status == NewsItem.Status.DRAFT  # outside her scope: untouched


def test_unpublishing_takes_items_off_the_site(client, moderator, items):
    client.force_login(moderator)

    client.post(CHANGELIST, {"action": "unpublish_selected", "_selected_action": [str(items["jobs"].pk)]})
    client.logout()

    assert client.get(items["jobs"].get_absolute_url()).status_code == 404


def test_the_changelist_filters_and_searches(client, moderator, items):
    client.force_login(moderator)
    territory = Intercommunalite.objects.get(siren=CAP_ATLANTIQUE)
    emploi = Theme.objects.get(slug="emploi")

    assert listed(client.get(CHANGELIST, {"intercommunalite__id__exact": territory.pk})) == [
        "Balade à Guérande"
    ]
    assert listed(client.get(CHANGELIST, {"themes__id__exact": emploi.pk})) == ["Forum de l'emploi"]
    assert listed(client.get(CHANGELIST, {"status__exact": "brouillon"})) == []
    assert listed(client.get(CHANGELIST, {"q": "Rezé"})) == ["Fête à Rezé"]


def test_the_changelist_makes_the_same_queries_whatever_the_number_of_items(
    client, moderator, django_assert_num_queries
):
    client.force_login(moderator)
    NewsItemFactory(siren=NANTES_METROPOLE)
    client.get(CHANGELIST)
    # 1 session, 2 user, 3-4 the user's own and group permissions, 5 the groups (is_moderator),
    # 6-7 the thèmes and intercommunalités of the filters, 8 count, 9 count without filters,
    # 10 the items with their intercommunalité, 11 their thèmes, 12-13 the first and last dates
    # and the days of the date hierarchy.
    with django_assert_num_queries(13):
        client.get(CHANGELIST)
    for index in range(20):
        NewsItemFactory(title=f"Autre {index}", siren=CAP_ATLANTIQUE, themes=["emploi", "logement"])
    with django_assert_num_queries(13):
        client.get(CHANGELIST)


def test_the_roles_have_the_permissions_they_need():
    def codenames(group):
        return set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))

    for group in (THEMATIC_REFERENTS, TERRITORY_REFERENTS):
        assert {"view_newsitem", "add_newsitem", "change_newsitem"} <= codenames(group)
        assert "delete_newsitem" not in codenames(group)
    assert "delete_newsitem" in codenames(MODERATION)


def test_the_change_page_names_the_author_never_their_email(client, moderator, thematic_referent):
    item = NewsItemFactory(author=thematic_referent, themes=["emploi"])
    client.force_login(moderator)

    page = client.get(change_url(item))

    assert re.search(r"Rédigé par\s*:?\s*charlie", text(page))
    assert "charlie@exemple.fr" not in page.content.decode()
