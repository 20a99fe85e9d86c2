"""Moderation of the forum from the site and the admin: moderators everywhere, the thematic referents
of a category's thème in that category only, members never; and members' reports of posts."""

import pytest
from django.core.cache import cache

from forum.models import Post, Report, Topic
from tests.factories.forum import PostFactory, ReportFactory, TopicFactory, category
from tests.factories.profiles import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def topics():
    """A topic with a reply in "Emploi" and in "Logement"."""
    emploi = TopicFactory(category="emploi", title="Un atelier CV")
    logement = TopicFactory(category="logement", title="Une colocation")
    return {
        "emploi": emploi,
        "emploi_reply": PostFactory(topic=emploi, body="Achetez mes pilules miracles !"),
        "logement": logement,
        "logement_reply": PostFactory(topic=logement, body="Appelez le 06 12 34 56 78"),
    }


# From the site ------------------------------------------------------------------------------------


def test_a_referent_of_emploi_hides_a_post_in_emploi_and_a_note_without_reason_shows_in_its_place(
    client, thematic_referent, topics
):
    post = topics["emploi_reply"]
    client.force_login(thematic_referent)

    page = client.get(topics["emploi"].get_absolute_url()).content.decode()
    form = client.get(f"/forum/message/{post.pk}/masquer/")
    response = client.post(f"/forum/message/{post.pk}/masquer/", {"reason": "publicité"})

    assert f'href="/forum/message/{post.pk}/masquer/"' in page
    assert "Modération du sujet" in page
    assert form.status_code == 200 and "Masquer un message" in form.content.decode()
    assert response.status_code == 302
    assert response["Location"] == f"/forum/message/{post.pk}/"
    post.refresh_from_db()
    assert (post.hidden, post.hidden_reason, post.hidden_by) == (True, "publicité", thematic_referent)
    client.logout()
    public = client.get(topics["emploi"].get_absolute_url()).content.decode()
    # The reason is for the author and the moderation (tests/forum/test_hidden_quotes.py).
    assert "Message masqué par la modération." in public
    assert "publicité" not in public
    assert "pilules miracles" not in public


def test_a_moderator_sees_the_hidden_text_marked_and_shows_it_again(client, moderator, topics):
    post = topics["emploi_reply"]
    Post.objects.filter(pk=post.pk).update(hidden=True, hidden_reason="publicité")
    client.force_login(moderator)

    page = client.get(topics["emploi"].get_absolute_url()).content.decode()
    response = client.post(f"/forum/message/{post.pk}/afficher/")

    assert "Texte masqué, visible par la modération seulement" in page
    assert "pilules miracles" in page
    assert response.status_code == 302
    assert response["Location"] == f"/forum/message/{post.pk}/"
    post.refresh_from_db()
    assert not post.hidden and post.hidden_reason == ""


def test_a_hide_without_a_reason_is_refused_beside_the_field(client, moderator, topics):
    post = topics["emploi_reply"]
    client.force_login(moderator)

    response = client.post(f"/forum/message/{post.pk}/masquer/", {"reason": ""})

    assert response.status_code == 200
    assert "Écrivez en quelques mots pourquoi ce message est masqué." in response.content.decode()
    post.refresh_from_db()
    assert not post.hidden


def test_a_referent_of_emploi_does_not_moderate_logement(client, thematic_referent, topics):
    post = topics["logement_reply"]
    topic = topics["logement"]
    client.force_login(thematic_referent)

    page = client.get(topic.get_absolute_url()).content.decode()

    assert "Modération du sujet" not in page
    assert "/masquer/" not in page
    assert client.get(f"/forum/message/{post.pk}/masquer/").status_code == 403
    assert client.post(f"/forum/message/{post.pk}/masquer/", {"reason": "x"}).status_code == 403
    assert client.post(f"/forum/sujet/{topic.pk}/moderer/", {"action": "fermer"}).status_code == 403
    topic.refresh_from_db()
    post.refresh_from_db()
    assert not topic.locked and not post.hidden


def test_a_member_moderates_nothing(client, member, topics):
    topic = topics["emploi"]
    client.force_login(member)

    page = client.get(topic.get_absolute_url()).content.decode()

    assert "Modération du sujet" not in page
    assert client.post(f"/forum/sujet/{topic.pk}/moderer/", {"action": "epingler"}).status_code == 403
    assert (
        client.post(f"/forum/message/{topics['emploi_reply'].pk}/masquer/", {"reason": "x"}).status_code
        == 403
    )
    topic.refresh_from_db()
    assert not topic.pinned


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [
        ("fermer", "locked", True),
        ("epingler", "pinned", True),
        ("masquer", "hidden", True),
    ],
)
def test_a_moderator_locks_pins_and_hides_topics_anywhere(client, moderator, topics, action, field, value):
    topic = topics["logement"]
    client.force_login(moderator)

    response = client.post(f"/forum/sujet/{topic.pk}/moderer/", {"action": action})

    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    topic.refresh_from_db()
    assert getattr(topic, field) is value


def test_a_moderator_reopens_and_unpins(client, moderator):
    topic = TopicFactory(locked=True, pinned=True)
    client.force_login(moderator)

    client.post(f"/forum/sujet/{topic.pk}/moderer/", {"action": "rouvrir"})
    client.post(f"/forum/sujet/{topic.pk}/moderer/", {"action": "desepingler"})

    topic.refresh_from_db()
    assert not topic.locked and not topic.pinned


def test_a_moderator_moves_a_topic_to_another_category(client, moderator, topics):
    topic = topics["logement"]
    client.force_login(moderator)

    response = client.post(
        f"/forum/sujet/{topic.pk}/moderer/", {"action": "deplacer", "category": "solidarite"}
    )

    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    topic.refresh_from_db()
    assert topic.category.slug == "solidarite"
    assert (
        "Le sujet est déplacé dans « Solidarité »." in client.get(topic.get_absolute_url()).content.decode()
    )


def test_a_referent_cannot_move_a_topic_out_of_their_categories(client, thematic_referent, topics):
    topic = topics["emploi"]
    client.force_login(thematic_referent)

    response = client.post(
        f"/forum/sujet/{topic.pk}/moderer/", {"action": "deplacer", "category": "logement"}
    )

    assert response.status_code == 403
    topic.refresh_from_db()
    assert topic.category.slug == "emploi"


def test_trucs_et_astuces_is_moderated_by_moderators_only(client, thematic_referent, moderator):
    topic = TopicFactory(category="trucs-et-astuces")
    client.force_login(thematic_referent)
    assert client.post(f"/forum/sujet/{topic.pk}/moderer/", {"action": "fermer"}).status_code == 403
    client.force_login(moderator)
    response = client.post(f"/forum/sujet/{topic.pk}/moderer/", {"action": "fermer"})
    assert (response.status_code, response["Location"]) == (302, topic.get_absolute_url())


def test_hiding_a_post_keeps_the_topic_counts_right(client, moderator):
    topic = TopicFactory()
    first = PostFactory(topic=topic)
    last = PostFactory(topic=topic)
    client.force_login(moderator)

    client.post(f"/forum/message/{last.pk}/masquer/", {"reason": "hors sujet"})

    topic.refresh_from_db()
    # The hidden reply still has its place (a note), but the last visible post is the one before.
    assert (topic.reply_count, topic.last_post_id) == (2, first.pk)


# Reports ------------------------------------------------------------------------------------------


def test_a_member_reports_a_post_and_nobody_is_told(client, member, topics):
    post = topics["emploi_reply"]
    client.force_login(member)

    page = client.get(topics["emploi"].get_absolute_url()).content.decode()
    form = client.get(f"/forum/message/{post.pk}/signaler/")
    response = client.post(
        f"/forum/message/{post.pk}/signaler/",
        {"reason": "publicite", "details": "Il vend des pilules."},
        follow=True,
    )

    assert f'href="/forum/message/{post.pk}/signaler/"' in page
    assert form.status_code == 200
    report = Report.objects.get()
    assert (report.post, report.reporter, report.reason, report.status) == (
        post,
        member,
        "publicite",
        "nouveau",
    )
    assert "Votre signalement est transmis" in response.content.decode()


def test_a_report_needs_a_reason(client, member, topics):
    client.force_login(member)

    response = client.post(f"/forum/message/{topics['emploi_reply'].pk}/signaler/", {"details": "Bof"})

    assert response.status_code == 200
    assert "Choisissez une raison." in response.content.decode()
    assert "Bof" in response.content.decode()
    assert not Report.objects.exists()


def test_reporting_needs_an_account_and_not_ones_own_post(client, member, topics):
    post = topics["emploi_reply"]
    assert client.get(f"/forum/message/{post.pk}/signaler/")["Location"].startswith("/comptes/login/")
    own = PostFactory(topic=topics["emploi"], author=member)
    client.force_login(member)
    assert client.post(f"/forum/message/{own.pk}/signaler/", {"reason": "autre"}).status_code == 403
    assert not Report.objects.exists()


# The admin ----------------------------------------------------------------------------------------


@pytest.fixture
def reports(topics):
    return {
        "emploi": ReportFactory(
            post=topics["emploi_reply"], reporter=ProfileFactory(display_name="Rita").user
        ),
        "logement": ReportFactory(post=topics["logement_reply"], reason=Report.Reason.PERSONAL),
    }


def test_a_moderator_sees_every_report_in_the_queue(client, moderator, reports):
    client.force_login(moderator)

    html = client.get("/admin/forum/report/").content.decode()

    assert "Un atelier CV" in html and "Une colocation" in html
    assert "Rita" in html
    assert "@exemple.fr" not in html


def test_the_reports_queue_makes_the_same_queries_whatever_the_number_of_reports(
    client, moderator, topics, django_assert_num_queries
):
    ReportFactory(post=topics["emploi_reply"])
    client.force_login(moderator)
    # 1 session, 2 account, 3-4 the account's and its groups' permissions, 5 its groups (moderator?),
    # 6 the categories of the filter, 7 count, 8 the reports with their post, topic, category,
    # authors and profiles, 9-10 the date hierarchy.
    with django_assert_num_queries(10):
        client.get("/admin/forum/report/")
    for _ in range(10):
        ReportFactory(post=topics["logement_reply"])
    with django_assert_num_queries(10):
        client.get("/admin/forum/report/")


def test_a_referent_of_emploi_sees_only_the_reports_of_emploi(client, thematic_referent, reports):
    client.force_login(thematic_referent)

    html = client.get("/admin/forum/report/").content.decode()
    other = client.get(f"/admin/forum/report/{reports['logement'].pk}/change/", follow=True)

    assert "Un atelier CV" in html
    assert "Une colocation" not in html
    assert other.redirect_chain == [("/admin/", 302)]


def test_a_referent_hides_reported_posts_and_handles_the_reports_from_the_queue(
    client, thematic_referent, reports
):
    client.force_login(thematic_referent)

    response = client.post(
        "/admin/forum/report/",
        {"action": "hide_and_handle", "_selected_action": [reports["emploi"].pk, reports["logement"].pk]},
        follow=True,
    )

    assert "1 message(s) masqué(s), 1 signalement(s) traité(s)." in response.content.decode()
    emploi, logement = (
        Report.objects.get(pk=reports["emploi"].pk),
        Report.objects.get(pk=reports["logement"].pk),
    )
    assert emploi.status == Report.Status.HANDLED and emploi.handled_by == thematic_referent
    assert emploi.post.hidden and emploi.post.hidden_reason == "Publicité, arnaque ou démarchage"
    assert logement.status == Report.Status.NEW and not logement.post.hidden  # out of scope


def test_a_moderator_marks_reports_handled(client, moderator, reports):
    client.force_login(moderator)

    client.post(
        "/admin/forum/report/", {"action": "mark_handled", "_selected_action": [reports["logement"].pk]}
    )

    assert Report.objects.get(pk=reports["logement"].pk).status == Report.Status.HANDLED
    assert not Post.objects.get(pk=reports["logement"].post_id).hidden


def test_a_referent_lists_and_changes_only_the_topics_of_their_themes(client, thematic_referent, topics):
    client.force_login(thematic_referent)

    html = client.get("/admin/forum/topic/").content.decode()
    form = client.get(f"/admin/forum/topic/{topics['emploi'].pk}/change/").content.decode()
    moved = client.post(
        f"/admin/forum/topic/{topics['emploi'].pk}/change/",
        {"title": "Un atelier CV", "category": category("logement").pk, "locked": "on"},
    )

    assert "Un atelier CV" in html and "Une colocation" not in html
    assert f'value="{category("emploi").pk}"' in form and f'value="{category("logement").pk}"' not in form
    assert moved.status_code == 200  # refused: Logement is not theirs
    topic = Topic.objects.get(pk=topics["emploi"].pk)
    assert topic.category.slug == "emploi" and not topic.locked


def test_a_moderator_moves_and_locks_a_topic_in_the_admin(client, moderator, topics):
    client.force_login(moderator)

    response = client.post(
        f"/admin/forum/topic/{topics['emploi'].pk}/change/",
        {"title": "Un atelier CV", "category": category("solidarite").pk, "locked": "on"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/forum/topic/"
    topic = Topic.objects.get(pk=topics["emploi"].pk)
    assert topic.category.slug == "solidarite" and topic.locked


def test_a_referent_hides_a_post_of_their_theme_in_the_admin_but_not_others(
    client, thematic_referent, topics
):
    client.force_login(thematic_referent)

    client.post(
        "/admin/forum/post/",
        {
            "action": "hide_posts",
            "_selected_action": [topics["emploi_reply"].pk, topics["logement_reply"].pk],
        },
    )

    assert Post.objects.get(pk=topics["emploi_reply"].pk).hidden
    assert not Post.objects.get(pk=topics["logement_reply"].pk).hidden


def test_members_and_territory_referents_have_no_forum_admin(client, member, nantes_referent, reports):
    client.force_login(member)
    response = client.get("/admin/forum/report/")
    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/forum/report/")
    client.force_login(nantes_referent)
    assert client.get("/admin/forum/report/").status_code == 403
    assert client.get("/admin/forum/topic/").status_code == 403
