"""The board's "C'est fait" section (Help.objects.thanked(), latest first) reads its six rows from
helpboard_help_thanked_idx, not every coup de pouce ever written."""

from datetime import timedelta

import pytest
from django.utils import timezone

from helpboard.models import DONE_SHOWN, Help
from tests.core.plans import analyze, plan_of, rows_read
from tests.factories.helpboard import HelpFactory
from tests.factories.profiles import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1000, 4000])
def test_the_latest_thanks_are_read_from_their_index(django_assert_num_queries, count):
    model = HelpFactory.build(author=UserFactory())
    now = timezone.now()
    helps = []
    for index in range(count):
        done = index % 5 == 0  # one in five done, with a thank-you
        helps.append(
            Help(
                kind=model.kind,
                text=f"Coup de pouce {index}",
                theme=model.theme,
                commune=model.commune,
                intercommunalite=model.intercommunalite,
                until=model.until,
                author=model.author,
                status=Help.Status.DONE if done else Help.Status.OPEN,
                done_at=now - timedelta(hours=index) if done else None,
                thanks="Merci beaucoup !" if done else "",
            )
        )
    Help.objects.bulk_create(helps)
    analyze("helpboard_help")
    latest = Help.objects.thanked().order_by("-done_at")[:DONE_SHOWN]
    with django_assert_num_queries(1):
        assert [help.text for help in latest] == [f"Coup de pouce {index}" for index in range(0, 30, 5)]
    plan = plan_of(latest)
    assert rows_read(plan, "helpboard_help") <= DONE_SHOWN + 2, plan
