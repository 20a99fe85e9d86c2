"""The moderators' queue of reports in the admin, closed to referents; the demo members."""

import io

import pytest
from django.core.management import call_command

from profiles import matching
from profiles.demo import MEMBERS
from profiles.models import Profile, Report
from tests.factories.profiles import ProfileFactory, conversation_between

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(member, other_member):
    ProfileFactory(user=other_member, display_name="Bob")
    conversation = conversation_between(other_member, member, "Message déplaisant")
    return Report.objects.create(
        reporter=member,
        reported_user=other_member,
        message=conversation.messages.get(),
        reason=Report.Reason.HARASSMENT,
        details="Il insiste.",
    )


def test_it_shows_the_reports_queue_to_moderators(client, moderator, report, django_assert_num_queries):
    client.force_login(moderator)

    response = client.get("/admin/profiles/report/?status__exact=nouveau")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Insultes, menaces ou harcèlement" in html
    assert "Bob" in html
    assert "bob@exemple.fr" not in html


def test_it_builds_the_reports_queue_in_a_constant_number_of_queries(
    client, moderator, report, member, django_assert_num_queries
):
    for number in range(5):
        other = ProfileFactory(user__username=f"autre-{number}").user
        Report.objects.create(reporter=member, reported_user=other, reason=Report.Reason.SPAM)
    client.force_login(moderator)
    # A first visit fills the process-wide caches (content types), whatever ran before.
    client.get("/admin/profiles/report/")

    # 1. session, 2. user, 3.-4. permissions (own, groups), 5. count, 6. count of all, 7. the
    # page of reports with members, profiles and messages, 8.-9. the dates of the date hierarchy
    with django_assert_num_queries(9):
        response = client.get("/admin/profiles/report/")
    assert response.status_code == 200


def test_it_shows_a_report_with_the_message_and_marks_it_handled(client, moderator, report):
    client.force_login(moderator)
    url = f"/admin/profiles/report/{report.pk}/change/"

    page = client.get(url).content.decode()
    response = client.post(url, {"status": "traite", "moderator_note": "Averti."})

    assert "Message déplaisant" in page
    assert response.status_code == 302
    assert response["Location"] == "/admin/profiles/report/"
    report.refresh_from_db()
    assert report.status == Report.Status.HANDLED
    assert report.handled_by == moderator
    assert report.handled_at is not None


def test_it_closes_the_reports_queue_to_referents(client, report, thematic_referent, nantes_referent):
    for referent in (thematic_referent, nantes_referent):
        client.force_login(referent)
        assert client.get("/admin/profiles/report/").status_code == 403
        assert client.get(f"/admin/profiles/report/{report.pk}/change/").status_code == 403
        assert "Signalements" not in client.get("/admin/").content.decode()


def test_it_marks_reports_handled_in_bulk(client, moderator, report):
    client.force_login(moderator)

    client.post("/admin/profiles/report/", {"action": "mark_handled", "_selected_action": [report.pk]})

    report.refresh_from_db()
    assert report.status == Report.Status.HANDLED


# Demo --------------------------------------------------------------------------------------------


def test_it_seeds_demo_members_that_martine_can_meet():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent

    assert Profile.objects.filter(user__username__in=[member[0] for member in MEMBERS]).count() == len(
        MEMBERS
    )
    martine = Profile.objects.get(user__username="martine")
    shared = list(matching.ranked(matching.viewer_for(martine.user))[:5])
    assert len(shared) == 5
    # Karim lives in Rezé too and loves cooking: near the top.
    assert "karim-demo" in [profile.user.username for profile in shared[:3]]
    assert list(matching.ranked(matching.viewer_for(martine.user), matching.THEY_TEACH_ME))
    assert list(matching.ranked(matching.viewer_for(martine.user), matching.I_TEACH_THEM))


def test_it_escapes_the_reported_message_in_the_admin(client, moderator, member, other_member):
    conversation = conversation_between(other_member, member, "<script>alert('x')</script>")
    report = Report.objects.create(
        reporter=member, reported_user=other_member, message=conversation.messages.get(), reason="autre"
    )
    client.force_login(moderator)

    html = client.get(f"/admin/profiles/report/{report.pk}/change/").content.decode()

    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(" in html
