"""The moderation log (accounts.audit): every moderation action, on the site and in the admin,
writes one line (who, what, which row, when, why); moderators read it, referents do not."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.utils import timezone

from accounts.models import Suspension
from events.models import Event
from forum.models import Category
from helpboard.models import Help
from tests.factories import EventFactory
from tests.factories.forum import PostFactory, ReportFactory, TopicFactory
from tests.factories.helpboard import HelpFactory

LOG = "/admin/admin/logentry/"


def lines():
    return list(LogEntry.objects.order_by("pk"))


def admin_action(client, url, name, rows, **extra):
    return client.post(url, {"action": name, "_selected_action": [row.pk for row in rows], **extra})


# On the site -------------------------------------------------------------------------------------


def test_hiding_a_post_on_the_site_writes_one_line_with_the_reason(client, moderator):
    post = PostFactory()
    client.force_login(moderator)
    client.post(f"/forum/message/{post.pk}/masquer/", {"reason": "Propos blessants envers un voisin."})
    [line] = lines()
    assert (line.user, line.object_id, line.action_flag) == (moderator, str(post.pk), CHANGE)
    assert line.content_type.model_class().__name__ == "Post"
    assert line.get_change_message() == "Message masqué. Motif : Propos blessants envers un voisin."
    assert line.action_time > timezone.now() - timedelta(minutes=1)

    client.post(f"/forum/message/{post.pk}/afficher/")
    assert [entry.get_change_message() for entry in lines()][1] == "Message de nouveau visible."


@pytest.mark.parametrize(
    ("action", "what"),
    [
        ("fermer", "Le sujet est fermé : plus personne ne peut y répondre."),
        ("epingler", "Le sujet est épinglé en tête de sa catégorie."),
        ("masquer", "Le sujet est masqué : seule la modération le voit."),
    ],
)
def test_each_topic_action_on_the_site_writes_one_line(client, moderator, action, what):
    topic = TopicFactory()
    client.force_login(moderator)
    client.post(f"/forum/sujet/{topic.pk}/moderer/", {"action": action})
    [line] = lines()
    assert (line.user, line.object_id, line.get_change_message()) == (moderator, str(topic.pk), what)


def test_moving_a_topic_writes_one_line(client, moderator):
    topic = TopicFactory()
    target = Category.objects.get(slug="emploi")
    client.force_login(moderator)
    client.post(f"/forum/sujet/{topic.pk}/moderer/", {"action": "deplacer", "category": target.slug})
    [line] = lines()
    assert line.get_change_message() == f"Sujet déplacé dans « {target.name} »."


def test_a_refused_action_writes_nothing(client, member):
    topic = TopicFactory()
    client.force_login(member)
    assert client.post(f"/forum/sujet/{topic.pk}/moderer/", {"action": "fermer"}).status_code == 403
    assert lines() == []


# In the admin ------------------------------------------------------------------------------------


def test_publishing_in_bulk_writes_one_line_per_event(client, moderator, django_capture_on_commit_callbacks):
    events = [EventFactory(status=Event.Status.PROPOSED) for _ in range(2)]
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        admin_action(client, "/admin/events/proposedevent/", "publish_selected", events)
    assert sorted(line.object_id for line in lines()) == sorted(str(event.pk) for event in events)
    assert all(line.user == moderator for line in lines())
    assert "Action « Publier" in lines()[0].get_change_message()


def test_refusing_is_written_once_the_reason_is_given(client, moderator, django_capture_on_commit_callbacks):
    event = EventFactory(status=Event.Status.PROPOSED)
    client.force_login(moderator)
    form_page = admin_action(client, "/admin/events/proposedevent/", "refuse_selected", [event])
    assert form_page.status_code == 200
    assert lines() == []  # only the page asking why
    with django_capture_on_commit_callbacks(execute=True):
        admin_action(
            client,
            "/admin/events/proposedevent/",
            "refuse_selected",
            [event],
            apply="1",
            reason="Pas gratuit.",
        )
    [line] = lines()
    assert line.get_change_message().endswith("Motif : Pas gratuit.")
    event.refresh_from_db()
    assert event.status == Event.Status.REFUSED


def test_a_handled_report_and_a_hidden_coup_de_pouce_are_written(client, moderator):
    report = ReportFactory()
    help_ = HelpFactory()
    client.force_login(moderator)
    admin_action(client, "/admin/forum/report/", "mark_handled", [report])
    admin_action(client, "/admin/helpboard/help/", "hide", [help_])
    assert [(line.content_type.model, line.object_id) for line in lines()] == [
        ("report", str(report.pk)),
        ("help", str(help_.pk)),
    ]
    assert Help.objects.get(pk=help_.pk).hidden


def test_suspending_and_lifting_are_written(client, moderator, member):
    client.force_login(moderator)
    response = client.post(
        "/admin/accounts/suspension/add/",
        {
            "user": member.pk,
            "reason": "Insultes répétées.",
            "starts_at_0": timezone.localdate().isoformat(),
            "starts_at_1": "00:00",
            "ends_at_0": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "ends_at_1": "00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    suspension = Suspension.objects.get(user=member)
    admin_action(client, "/admin/accounts/suspension/", "lift", [suspension])
    flags = [(line.action_flag, line.object_id) for line in lines()]
    assert flags == [
        (1, str(suspension.pk)),
        (CHANGE, str(suspension.pk)),
    ]  # Django's addition, then the action


# Who reads it ------------------------------------------------------------------------------------


def _some_lines(moderator, count):
    posts = [PostFactory() for _ in range(count)]
    LogEntry.objects.log_actions(moderator.pk, posts, CHANGE, change_message="Message masqué.")


@pytest.mark.parametrize("count", [3, 12])
def test_moderators_read_it_in_a_constant_number_of_queries(
    client, moderator, django_assert_num_queries, count
):
    _some_lines(moderator, count)
    client.force_login(moderator)
    # session, user, user permissions, group permissions, the filters' content types and users,
    # count, full count, the page (with users and content types), the dates' first and last, the days.
    with django_assert_num_queries(11):
        response = client.get(LOG)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Message masqué.") == count
    assert "Journal de la modération" in page
    assert "Ce qui a été fait" in page


def test_it_is_read_only_and_filterable(client, moderator):
    _some_lines(moderator, 2)
    entry = LogEntry.objects.first()
    client.force_login(moderator)
    assert client.get(f"{LOG}?user__id__exact={moderator.pk}").status_code == 200
    assert client.get(f"{LOG}?action_flag__exact=2").status_code == 200
    detail = client.get(f"{LOG}{entry.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.post(f"{LOG}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_referents_do_not_see_it(client, moderator, thematic_referent, nantes_referent):
    _some_lines(moderator, 1)
    for referent in (thematic_referent, nantes_referent):
        client.force_login(referent)
        assert client.get(LOG).status_code == 403
        assert LOG not in client.get("/admin/").content.decode()
