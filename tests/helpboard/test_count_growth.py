"""The board's count (Help.objects.current()) reads the open coups de pouce not past their last
day, from helpboard_help_open_until_idx, not every coup de pouce ever written: done ones and past
ones pile up with the years."""

from datetime import timedelta

import pytest
from django.utils import timezone

from helpboard.models import Help
from tests.core.plans import analyze, indexes_used, plan_of, rows_read
from tests.factories.helpboard import HelpFactory
from tests.factories.profiles import UserFactory

pytestmark = pytest.mark.django_db
CURRENT = 40


@pytest.mark.parametrize("past", [3000, 9000])
def test_the_count_reads_the_current_ones_only(past):
    model = HelpFactory.build(author=UserFactory())
    today = timezone.localdate()

    def help(index, **fields):
        return Help(
            kind=model.kind,
            text=f"Coup de pouce {index}",
            theme=model.theme,
            commune=model.commune,
            intercommunalite=model.intercommunalite,
            author=model.author,
            **fields,
        )

    helps = [help(index, until=today + timedelta(days=10)) for index in range(CURRENT)]
    for index in range(past):
        if index % 2:  # done
            helps.append(help(index, until=today + timedelta(days=5), status=Help.Status.DONE))
        else:  # its last day passed
            helps.append(help(index, until=today - timedelta(days=1 + index % 90)))
    Help.objects.bulk_create(helps)
    analyze("helpboard_help")

    current = Help.objects.current().order_by()
    assert current.count() == CURRENT
    plan = plan_of(current.values("pk"))
    assert "helpboard_help_open_until_idx" in indexes_used(plan), plan
    assert rows_read(plan, "helpboard_help") <= CURRENT + 2, plan
