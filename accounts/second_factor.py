"""The second factor (allauth.mfa): required for moderators, offered to referents.

A moderator reaches the back office and the moderation pages of the site only when this session
was opened, or confirmed, with a code from their authenticator app or a recovery code
(accounts.middleware.ModeratorSecondFactorMiddleware). The admin's own sign-in form asks only for
the password: such a session is sent to confirm a code first.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver

SECOND_FACTOR_METHOD = "mfa"


def has_second_factor(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_used_second_factor(request):
    return any(
        record.get("method") == SECOND_FACTOR_METHOD
        for record in get_authentication_records(request, request.user)
    )


@receiver(authenticator_added)
def _count_activation_as_second_factor(sender, request, user, authenticator, **kwargs):
    # Activating the app needs a right code from it: this session has just used its second factor,
    # so the moderator is not asked for a second code at once.
    if authenticator.type != Authenticator.Type.TOTP or request is None:
        return
    from allauth.account.internal.flows.login import record_authentication

    record_authentication(request, user, SECOND_FACTOR_METHOD, type=authenticator.type, id=authenticator.pk)
