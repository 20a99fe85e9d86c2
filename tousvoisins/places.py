"""Where an event is: its point, and from the point its commune and intercommunalité."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from tousvoisins.models import OutsideTerritory, commune_for_point

from . import geocoding


def locate_event(event, *, geocode=True):
    """Fill event.point, event.commune and event.intercommunalite, never by hand.

    The point comes first: given on a map, else found from the address when a geocoder is
    configured (only with `geocode=True`, so model validation never goes on the network), else
    the centre of the commune chosen. The commune is then the one containing the point.
    Raises ValidationError with French messages keyed by field.
    """
    if event.point is None and geocode and event.address:
        event.point = _geocoded_point(event)
    if event.point is None:
        if not event.commune_id:
            raise ValidationError({"commune": gettext("Choisissez la commune où a lieu l'événement.")})
        event.point = event.commune.centre
    try:
        commune = commune_for_point(event.point)
    except OutsideTerritory as error:
        raise ValidationError({"point": error.messages}) from None
    event.commune = commune
    event.intercommunalite = commune.intercommunalite


def _geocoded_point(event):
    """The address's point, if the address base finds it inside the commune chosen (if any).

    An answer in another commune, or outside the département, is the address base guessing
    (a street name found elsewhere): the commune's centre is more honest than a wrong place.
    """
    point = geocoding.geocode(event.address, event.commune.name if event.commune_id else "")
    if point is None:
        return None
    try:
        commune = commune_for_point(point)
    except OutsideTerritory:
        return None
    if event.commune_id and commune.pk != event.commune_id:
        return None
    return point
