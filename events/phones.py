"""Which number to print beside an event: "Pour venir accompagné ou vous inscrire par téléphone"."""

from typing import NamedTuple


class PhoneToCall(NamedTuple):
    number: str  # stored form, "0240000000": the `phone` filter groups it by two digits
    hours: str = ""


def phone_to_call(event, referent=None):
    """The event's own number, else the public one of `referent` (a territory referent of the
    event's intercommunalité, Referent.objects.phone_to_call_in), else None."""
    if event.phone_number:
        return PhoneToCall(event.phone_number)
    if referent is not None and referent.phone:
        return PhoneToCall(referent.phone, referent.phone_hours)
    return None
