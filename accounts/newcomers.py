"""New accounts are where spam comes from: for their first week they may do less.

One rule for every tab that limits newcomers (private conversations, coups de pouce): the
account's age, read from `date_joined`.
"""

from datetime import timedelta

from django.utils import timezone

NEW_ACCOUNT_AGE = timedelta(days=7)


def is_new_account(user, *, now=None):
    """Whether `user` signed up less than NEW_ACCOUNT_AGE ago."""
    return user.date_joined > (now or timezone.now()) - NEW_ACCOUNT_AGE
