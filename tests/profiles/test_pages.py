"""/mon-profil/, /membres/ and /membres/<username>/: editing, listing, and who sees what."""

import io
import re

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from profiles.models import Profile
from tests.conftest import make_user
from tests.factories.profiles import ProfileFactory, block, bulk_members, profile_for
from tousvoisins import fragments

pytestmark = pytest.mark.django_db

REZE = "44143"


def _html(response):
    return response.content.decode()


def profile_data(**overrides):
    data = {
        "display_name": "Alice",
        "commune_name": "",
        "presentation": "",
        "interests_other": "",
        "skills_other": "",
        "wishes_other": "",
        "visibility": "membres",
        "open_to_contact": "on",
        "message_notifications": "on",
        "event_reminders": "on",
    }
    data.update(overrides)
    return data


def jpeg_with_exif(size=(1200, 900)):
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Appareil espion"  # Make
    exif[0x8825] = {2: (47.0, 13.0, 0.0)}  # GPS latitude
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return SimpleUploadedFile("photo-de-alice-dupont.jpg", output.getvalue(), content_type="image/jpeg")


# /mon-profil/ ------------------------------------------------------------------------------------


def test_it_sends_visitors_to_sign_in_for_my_profile(client):
    response = client.get("/mon-profil/")

    assert response.status_code == 302
    assert response.url.startswith("/comptes/login/")


def test_it_makes_a_profile_on_first_visit_with_the_start_of_the_username(client, member):
    client.force_login(member)

    response = client.get("/mon-profil/")

    assert response.status_code == 200
    html = _html(response)
    assert "<title>Mon profil — Tous voisins 44</title>" in html
    assert Profile.objects.get(user=member).display_name == "Alice"
    # The suggestions, grouped by thème, as boxes to tick.
    assert '<legend class="tag-choices__legend">Loisirs, culture et sport</legend>' in html
    assert 'value="cuisiner"' in html


def test_it_saves_the_profile_with_suggestions_free_tags_commune_and_themes(client, member):
    client.force_login(member)

    response = client.post(
        "/mon-profil/",
        profile_data(
            display_name="  Alice  la voisine ",
            commune_name="44400",
            presentation="J'aime les gens.",
            interests_suggested=["cuisiner", "jeux de cartes"],
            interests_other="Cuisine, Scrabble ; jardiner",
            skills_suggested=["couture"],
            wishes_other="informatique",
            themes=[],
            visibility="publique",
        ),
    )

    assert response.status_code == 302
    assert response.url == "/mon-profil/"
    profile = Profile.objects.select_related("commune").get(user=member)
    assert profile.display_name == "Alice la voisine"
    assert profile.commune.name == "Rezé"
    assert profile.visibility == Profile.Visibility.PUBLIC
    # "Cuisine" is "cuisiner" already ticked; "jardiner" joins the suggestion "jardinage".
    assert sorted(tag.name for tag in profile.interests.all()) == [
        "cuisiner",
        "jardinage",
        "jeux de cartes",
        "scrabble",
    ]
    assert [tag.name for tag in profile.skills.all()] == ["couture"]
    assert [tag.name for tag in profile.wishes.all()] == ["informatique"]
    page = _html(client.get("/mon-profil/"))
    assert "Votre profil est enregistré." in page
    assert 'value="Rezé"' in page
    assert 'value="scrabble"' in page  # free tags come back in the free field


def test_it_keeps_what_was_typed_and_says_what_is_wrong(client, member):
    client.force_login(member)

    response = client.post(
        "/mon-profil/",
        profile_data(
            display_name="",
            commune_name="Paris",
            presentation="Bonjour !",
            interests_suggested=["cuisiner"],
            interests_other="x" * 41,
        ),
    )

    assert response.status_code == 200
    html = _html(response)
    assert "<title>Erreur — Mon profil — Tous voisins 44</title>" in html
    assert "Votre profil n'est pas encore enregistré." in html
    assert "Écrivez un prénom ou un pseudonyme." in html
    assert "Nous ne trouvons pas « Paris » parmi les communes de Loire-Atlantique." in html
    assert "est trop long : 40 caractères au plus" in html
    assert 'aria-describedby="id_commune_name_helptext id_commune_name_error"' in html
    assert "Bonjour !</textarea>" in html
    assert re.search(r'value="cuisiner"[^>]* checked>', html)
    assert not Profile.objects.get(user=member).presentation


def test_it_asks_which_commune_when_a_postal_code_has_several(client, member):
    client.force_login(member)

    html = _html(client.post("/mon-profil/", profile_data(commune_name="44110")))

    assert "Plusieurs communes correspondent" in html
    assert "Châteaubriant" in html


def test_it_refuses_more_than_twenty_tags_in_a_set(client, member):
    client.force_login(member)

    html = _html(
        client.post("/mon-profil/", profile_data(interests_other=", ".join(f"loisir {i}" for i in range(21))))
    )

    assert "Choisissez au plus 20 centres d&#x27;intérêt : vous en avez 21." in html


def test_it_reencodes_the_photo_without_exif_under_a_random_name(client, member):
    client.force_login(member)

    response = client.post("/mon-profil/", profile_data(photo=jpeg_with_exif()))

    assert response.status_code == 302
    assert response["Location"] == "/mon-profil/"
    profile = Profile.objects.get(user=member)
    assert profile.photo.name.startswith("membres/photos/")
    assert "alice" not in profile.photo.name
    with profile.photo.open("rb") as stored:
        image = Image.open(stored)
        assert max(image.size) == 400
        assert not image.getexif()


def test_it_removes_the_photo_and_its_file(client, member, django_capture_on_commit_callbacks):
    client.force_login(member)
    client.post("/mon-profil/", profile_data(photo=jpeg_with_exif()))
    profile = Profile.objects.get(user=member)
    name, storage = profile.photo.name, profile.photo.storage

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/mon-profil/", profile_data(**{"photo-clear": "on"}))

    profile.refresh_from_db()
    assert not profile.photo
    assert not storage.exists(name)


def test_it_refuses_a_file_that_is_not_a_picture(client, member):
    client.force_login(member)
    fake = SimpleUploadedFile("photo.jpg", b"pas une image", content_type="image/jpeg")

    html = _html(client.post("/mon-profil/", profile_data(photo=fake)))

    assert "Nous n&#x27;arrivons pas à lire ce fichier comme une image." in html


# /membres/ ---------------------------------------------------------------------------------------


def test_it_tells_visitors_what_members_are_without_listing_anyone(client):
    ProfileFactory(user__username="paul", visibility=Profile.Visibility.PUBLIC)

    response = client.get("/membres/")

    assert response.status_code == 200
    html = _html(response)
    assert "<title>Membres — Tous voisins 44</title>" in html
    assert "Me connecter pour voir les membres" in html
    assert "/membres/paul/" not in html


def test_it_lists_the_profiles_a_member_may_see(client, member):
    profile_for(member, interests=["cuisiner"])
    ProfileFactory(user__username="paul", display_name="Paul", interests=["cuisine", "pêche"])
    ProfileFactory(user__username="rose", display_name="Rose", visibility=Profile.Visibility.PUBLIC)
    ProfileFactory(user__username="cache", visibility=Profile.Visibility.HIDDEN)
    ProfileFactory(user__username="parti", user__is_active=False)
    blocker = ProfileFactory(user__username="bloqueur")
    block(blocker.user, member)
    client.force_login(member)

    html = _html(client.get("/membres/"))

    assert "2 membres" in html
    assert '<a href="/membres/paul/">Paul</a>' in html
    assert '<a href="/membres/rose/">Rose</a>' in html
    for hidden in ("cache", "parti", "bloqueur", "alice"):
        assert f"/membres/{hidden}/" not in html
    # What we share is in bold, and said to screen readers.
    assert '<span class="tag tag--shared">cuisiner<span class="visually-hidden"> (vous aussi)</span>' in html


def test_it_filters_members_by_interest_theme_and_intercommunalite(client, member):
    ProfileFactory(user__username="paul", interests=["Jeux de société"], insee="44109", themes=["solidarite"])
    ProfileFactory(user__username="rose", interests=["jeux de societe"], insee="44184")
    ProfileFactory(user__username="marc", interests=["pêche"], insee="44109", themes=["solidarite"])
    client.force_login(member)

    by_interest = _html(client.get("/membres/?interet=jeu+de+société"))
    by_theme_and_territory = _html(client.get("/membres/?theme=solidarite&territoire=244400404"))

    assert "/membres/paul/" in by_interest and "/membres/rose/" in by_interest
    assert "/membres/marc/" not in by_interest
    assert "/membres/paul/" in by_theme_and_territory and "/membres/marc/" in by_theme_and_territory
    assert "/membres/rose/" not in by_theme_and_territory
    assert (
        "<title>Membres — Solidarité — Nantes Métropole — Tous voisins 44</title>" in by_theme_and_territory
    )


def test_it_says_when_a_filter_is_wrong_and_applies_the_others(client, member):
    ProfileFactory(user__username="paul", themes=["solidarite"])
    client.force_login(member)

    html = _html(client.get("/membres/?theme=solidarite&territoire=999"))

    assert "Cette intercommunalité n&#x27;est pas en Loire-Atlantique." in html
    assert "/membres/paul/" in html


@pytest.mark.parametrize("count", [3, 45])
def test_it_lists_members_in_a_constant_number_of_queries(client, member, count, django_assert_num_queries):
    bulk_members(count)
    client.force_login(member)

    # Nothing kept yet: 1. session, 2. user, 3. current suspension (layout), 4. the viewer's
    # interests, 5. thèmes and 6. intercommunalités for the filters, 7. the members counted for
    # everyone whom this member does not see (their own, blocks), 8. the count for everyone, 9. the
    # page of profiles with their account and commune, 10. their interests, 11. unread messages
    # (layout); kept, 4, 5, 6, 8 and 10 are not made again (tests/profiles/test_kept_cards.py)
    with django_assert_num_queries(11):
        response = client.get("/membres/")
    assert response.status_code == 200


def test_it_pages_the_members(client, member):
    bulk_members(25)
    client.force_login(member)

    html = _html(client.get("/membres/?page=2"))

    assert "Page 2 sur 2" in html
    assert "<title>Membres — page 2 — Tous voisins 44</title>" in html


# /membres/<username>/ ----------------------------------------------------------------------------


@pytest.fixture
def paul(db):
    return ProfileFactory(
        user__username="paul-4821",
        display_name="Paul",
        insee=REZE,
        presentation="Ancien boulanger.",
        interests=["cuisine", "pêche"],
        skills=["informatique"],
        wishes=["couture"],
    )


def test_it_shows_what_two_members_share(client, member, paul):
    profile_for(member, interests=["cuisiner", "vélo"], wishes=["ordinateur"], skills=["coudre"])
    client.force_login(member)

    response = client.get("/membres/paul-4821/")

    assert response.status_code == 200
    html = _html(response)
    assert "<title>Paul, membre — Tous voisins 44</title>" in html
    assert "<h1>Paul</h1>" in html
    assert "Rezé" in html
    assert "Vous aimez tous les deux : <strong>cuisiner</strong>" in html
    assert "Paul peut vous apprendre : <strong>informatique</strong>" in html
    assert "Vous pouvez lui apprendre : <strong>couture</strong>" in html
    assert "Écrire un message à Paul" in html
    assert "paul-4821@exemple.fr" not in html


def test_it_sends_visitors_to_sign_in_for_a_members_only_profile(client, paul):
    response = client.get("/membres/paul-4821/")

    assert response.status_code == 302
    assert response.url == "/comptes/login/?next=/membres/paul-4821/"


def test_it_answers_visitors_the_same_for_an_unknown_member(client):
    response = client.get("/membres/personne/")

    assert response.status_code == 302
    assert response.url == "/comptes/login/?next=/membres/personne/"


def test_it_shows_a_public_profile_to_anyone_without_contact_details(client, paul):
    Profile.objects.filter(pk=paul.pk).update(visibility=Profile.Visibility.PUBLIC)

    response = client.get("/membres/paul-4821/")

    assert response.status_code == 200
    html = _html(response)
    assert "Ancien boulanger." in html
    assert "Pour écrire à Paul" in html
    assert "noindex" not in html
    assert "@" not in html.split('<main id="contenu"', 1)[1].split("</main>", 1)[0]


def test_it_hides_a_hidden_profile_from_every_other_member(client, member, paul):
    Profile.objects.filter(pk=paul.pk).update(visibility=Profile.Visibility.HIDDEN)
    client.force_login(member)

    assert client.get("/membres/paul-4821/").status_code == 404


def test_it_shows_a_hidden_profile_to_its_owner_saying_so(client, paul):
    Profile.objects.filter(pk=paul.pk).update(visibility=Profile.Visibility.HIDDEN)
    client.force_login(paul.user)

    html = _html(client.get("/membres/paul-4821/"))

    assert "vous seul le voyez : il est masqué" in html
    assert "Écrire un message" not in html


def test_it_hides_the_profile_of_a_closed_account(client, member, paul):
    paul.user.is_active = False
    paul.user.save()
    client.force_login(member)

    assert client.get("/membres/paul-4821/").status_code == 404


def test_it_shows_a_member_who_blocked_me_as_taking_no_messages(client, member, paul):
    block(paul.user, member)
    client.force_login(member)

    html = _html(client.get("/membres/paul-4821/"))

    assert "Paul ne reçoit pas de messages pour le moment." in html
    assert "Écrire un message à Paul" not in html
    assert "bloqu" not in html.split('<h2 id="contact">', 1)[1].split("<details", 1)[0]


def test_it_says_the_same_when_a_member_takes_no_messages(client, member, paul):
    Profile.objects.filter(pk=paul.pk).update(open_to_contact=False)
    client.force_login(member)

    html = _html(client.get("/membres/paul-4821/"))

    assert "Paul ne reçoit pas de messages pour le moment." in html


def test_it_offers_to_unblock_a_member_i_blocked(client, member, paul):
    block(member, paul.user)
    client.force_login(member)

    html = _html(client.get("/membres/paul-4821/"))

    assert "Vous avez bloqué ce membre" in html
    assert "Débloquer Paul" in html


def test_it_builds_a_profile_page_in_a_constant_number_of_queries(
    client, member, paul, django_assert_num_queries
):
    profile_for(member, interests=["cuisiner"])
    client.force_login(member)

    # 1. session, 2. user, 3. suspension, 4. the profile with account and commune, 5.-8. its
    # interests, savoirs, envies and thèmes, 9. blocks either way, 10.-12. what we share (3 lists),
    # 13. unread messages (layout)
    with django_assert_num_queries(13):
        response = client.get("/membres/paul-4821/")
    assert response.status_code == 200


# Mes affinités and the home page -----------------------------------------------------------------


def test_it_lists_my_matches_in_three_lists(client, member, paul):
    profile_for(member, insee=REZE, interests=["cuisiner"], wishes=["informatique"], skills=["couture"])
    client.force_login(member)

    html = _html(client.get("/mon-profil/rencontres/"))

    assert "<title>Mes affinités — Tous voisins 44</title>" in html
    sections = html.split('<h2 id="')
    assert "Paul" in sections[1] and "Vous aimez tous les deux : <strong>cuisiner</strong>" in sections[1]
    assert "Paul" in sections[2] and "Peut vous apprendre : <strong>informatique</strong>" in sections[2]
    assert "Paul" in sections[3] and "Aimerait apprendre : <strong>couture</strong>" in sections[3]


def test_it_suggests_members_on_the_home_page(client, member, paul):
    profile_for(member, interests=["cuisiner"])
    client.force_login(member)

    html = _html(client.get("/"))

    assert "Qui partage mes centres d'intérêt ?" in html
    assert '<a href="/membres/paul-4821/">Paul</a>' in html


def test_it_invites_a_member_without_interests_to_fill_their_profile(client):
    client.force_login(make_user("zoe"))

    html = _html(client.get("/"))

    assert "Dites ce que vous aimez sur votre profil" in html


# Audit additions: photo limits, query counts on N and 2N members, my profile's matches -----------


def png_claiming(width, height):
    """A tiny PNG file whose header claims `width` × `height` pixels (a decompression bomb)."""
    import struct
    import zlib

    output = io.BytesIO()
    Image.new("L", (1, 1)).save(output, format="PNG")
    data = bytearray(output.getvalue())
    # The IHDR chunk starts at byte 8: length (4), type (4), width (4), height (4), …, CRC (4).
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return SimpleUploadedFile("bombe.png", bytes(data), content_type="image/png")


def test_it_refuses_a_photo_of_too_many_pixels_saying_so_beside_the_field(client, member):
    client.force_login(member)

    html = _html(client.post("/mon-profil/", profile_data(photo=png_claiming(10_000, 10_000))))

    assert "Cette image est trop grande (10000 × 10000 pixels)." in html
    assert not Profile.objects.get(user=member).photo


def test_it_refuses_a_photo_heavier_than_five_megabytes(client, member):
    client.force_login(member)
    heavy = SimpleUploadedFile(
        "lourde.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024), content_type="image/jpeg"
    )

    html = _html(client.post("/mon-profil/", profile_data(display_name="Alice B", photo=heavy)))

    assert "Cette image pèse 5,0 Mo. Envoyez une image de 5 Mo au plus." in html
    assert 'value="Alice B"' in html  # what was typed is kept
    assert not Profile.objects.get(user=member).photo


@pytest.mark.parametrize("count", [20, 40])
def test_it_lists_filtered_members_in_a_constant_number_of_queries(
    client, member, count, django_assert_num_queries
):
    profiles = bulk_members(count, insees=(REZE,))
    theme = ProfileFactory().themes.model.objects.get(slug="emploi")
    for profile in profiles:
        profile.themes.add(theme)
    client.force_login(member)

    # Nothing kept yet: 1. session, 2. user, 3. thèmes and 4. intercommunalités for the filters,
    # 5. the tag of the interest, 6. the members counted for everyone whom this member does not
    # see, 7. the count for everyone, 8. the viewer's interests, 9. suspension (layout), 10. the
    # page of profiles with account and commune, 11. their interests, 12. unread messages (layout)
    with django_assert_num_queries(12):
        response = client.get("/membres/?interet=Loisir+0&theme=emploi&territoire=244400404")
    assert response.status_code == 200
    assert f"{count} membres" in _html(response)


def test_it_answers_an_unknown_interest_without_listing_anyone(client, member, paul):
    client.force_login(member)

    html = _html(client.get("/membres/?interet=parachutisme"))

    assert "Aucun membre trouvé" in html
    assert "/membres/paul-4821/" not in html


@pytest.mark.parametrize("count", [15, 30])
def test_it_builds_my_matches_in_the_same_queries_for_n_and_2n_members(
    client, member, count, django_assert_num_queries
):
    profile_for(member, interests=["loisir 0"], skills=["loisir 1"], wishes=["loisir 0"])
    bulk_members(count)
    client.force_login(member)

    # 1. session, 2. user, 3. suspension, 4. my tags, commune and kept suggestions, 5. the three
    # lists ranked and their ids kept (first visit: profiles.kept_matches), 6.-8. the three lists
    # read among those ids, 9. coups de pouce for my savoirs and envies (none here: their words
    # need no query), 10. members of my communities who share my interests, 11. unread messages
    with django_assert_num_queries(11):
        html = _html(client.get("/mon-profil/rencontres/"))
    assert html.count('class="card member-card"') == 3 * 12

    # The page's copies gone (another process, the cache emptied), the ids kept: the same without 5.
    fragments.clear()
    for cache in caches.all():
        cache.clear()
    with django_assert_num_queries(10):
        again = _html(client.get("/mon-profil/rencontres/"))
    assert again.count('class="card member-card"') == 3 * 12


def test_it_shows_who_shares_my_interests_on_my_profile_page(client, member, paul):
    profile_for(member, insee=REZE, interests=["cuisiner"])
    client.force_login(member)

    html = _html(client.get("/mon-profil/"))

    section = html.split('id="qui-partage"')[1].split("</section>")[0]
    assert '<a href="/membres/paul-4821/">Paul</a>' in section
    assert "Vous aimez tous les deux : <strong>cuisiner</strong>" in section
    assert 'href="/mon-profil/rencontres/"' in section


@pytest.mark.parametrize("count", [15, 30])
def test_it_builds_my_profile_page_in_a_constant_number_of_queries(
    client, member, count, django_assert_num_queries
):
    profile_for(member, insee=REZE, interests=["loisir 0"], skills=["couture"], themes=["emploi"])
    bulk_members(count)
    client.force_login(member)

    # 1. session, 2. user, 3. my profile, 4. my thèmes, 5. all thèmes for the boxes, 6. my commune's
    # name, 7.-9. my interests, savoirs and envies, 10. my tags, commune and kept suggestions,
    # 11. my three lists ranked and their ids kept (first visit: profiles.kept_matches), 12. who
    # shares my interests, read among those ids, 13. my communities, 14. suspension (layout),
    # 15. unread messages (layout)
    with django_assert_num_queries(15):
        response = client.get("/mon-profil/")
    assert response.status_code == 200

    # Again: without 11. (the ids kept), nor 14. and 15. (the layout's suspension and unread
    # messages, kept for a moment after the first request).
    with django_assert_num_queries(12):
        assert client.get("/mon-profil/").status_code == 200
