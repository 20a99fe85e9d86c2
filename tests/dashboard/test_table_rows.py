"""The dashboard's tables written in Python (dashboard.templatetags.dashboard.table_rows): the
same figures as the CSV, escaped, and the rows to look at said in words."""

from django.urls import reverse
from django.utils.html import escape

from events.models import Event
from forum.models import Category
from tests.dashboard.test_dashboard import crafted, signed_in  # noqa: F401 (a fixture)
from tests.factories.forum import TopicFactory


def test_each_row_shows_the_figures_of_the_table(client, moderator, crafted):  # noqa: F811
    response = signed_in(client, moderator).get(reverse("dashboard"))
    html = response.content.decode()

    assert '<tr><th scope="row">Nantes Métropole</th><td>3</td><td>1</td><td>2</td><td>3</td></tr>' in html
    tables = [table for name, table in response.context["figures"].items() if name != "pending"]
    for table in tables:
        assert f"<caption>{escape(table.title)} — " in html
    assert html.count("<tr><th") + html.count('<tr class="dashboard-flagged">') >= sum(
        len(table.rows) for table in tables
    )


def test_a_row_to_look_at_is_said_in_words(client, moderator, crafted):  # noqa: F811
    html = signed_in(client, moderator).get(reverse("dashboard")).content.decode()

    flag = '<span class="dashboard-flag">À voir :</span>'
    assert f'<tr class="dashboard-flagged"><th scope="row">{flag} Nozay</th>' in html


def test_the_words_of_a_row_are_escaped(client, moderator, crafted):  # noqa: F811
    first = Category.objects.order_by("order", "name").first()
    Category.objects.filter(pk=first.pk).update(name="Questions <b>et</b> réponses & co")
    TopicFactory(category=first)  # the forum's table lists the categories written in

    html = signed_in(client, moderator).get(reverse("dashboard")).content.decode()

    assert (
        '<th scope="row">Questions &lt;b&gt;et&lt;/b&gt; réponses &amp; co</th><td>1</td><td>1</td>' in html
    )
    assert "<b>et</b>" not in html


def test_a_kept_chart_says_the_new_figures_at_once(client, moderator, crafted):  # noqa: F811
    signed_in(client, moderator)
    before = client.get(reverse("dashboard")).context["charts"]["dates"]
    assert client.get(reverse("dashboard")).context["charts"]["dates"] == before  # kept

    event = Event.objects.get(title="Proposition nantaise")
    event.status = Event.Status.PUBLISHED
    event.save()
    after = client.get(reverse("dashboard")).context["charts"]["dates"]

    # Nantes Métropole: 1 past date and 3 to come now, its bar's total written out.
    assert after != before
    assert ">Nantes Métropole</text>" in after
    assert after.split(">Nantes Métropole</text>")[1].split("</text>")[0].endswith(">4")
