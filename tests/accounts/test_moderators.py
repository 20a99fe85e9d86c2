"""Who the moderation is, asked of the User model: User.objects.moderators() and the addresses
that mail for the moderation goes to (contact form, referents without an address, reports)."""

import pytest

from accounts.models import MODERATION, User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_the_moderators_are_the_active_members_of_the_moderation_group(
    moderator, member, thematic_referent, nantes_referent
):
    gone = make_user("ancienne", group=MODERATION, is_active=False)

    assert list(User.objects.moderators()) == [moderator]
    assert gone not in User.objects.moderators()


def test_mail_for_the_moderation_goes_to_every_moderator_with_an_address(moderator, settings):
    settings.MODERATION_EMAILS = ["moderation@exemple.fr"]
    second = make_user("albert", group=MODERATION)
    no_address = make_user("sans-adresse", group=MODERATION)
    User.objects.filter(pk=no_address.pk).update(email="")

    assert User.objects.moderation_addresses() == [second.email, moderator.email]


def test_mail_for_the_moderation_goes_to_the_configured_addresses_while_no_moderator_has_one(
    member, settings
):
    settings.MODERATION_EMAILS = ["moderation@exemple.fr", "secours@exemple.fr"]

    assert User.objects.moderation_addresses() == ["moderation@exemple.fr", "secours@exemple.fr"]


def test_accounts_are_still_created_with_a_hashed_password():
    # The manager keeps Django's create_user and create_superuser (allauth and createsuperuser).
    user = User.objects.create_user("lea", "lea@exemple.fr", "un mot de passe solide 44")
    admin = User.objects.create_superuser("admin", "admin@exemple.fr", "un autre mot de passe 44")

    assert user.check_password("un mot de passe solide 44")
    assert admin.is_superuser and admin.is_staff
