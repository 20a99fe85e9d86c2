"""Where an event is: its point, and from the point its commune and intercommunalité."""

from django.core.exceptions import ValidationError

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
        commune_name = event.commune.name if event.commune_id else ""
        event.point = geocoding.geocode(event.address, commune_name)
    if event.point is None:
        if not event.commune_id:
            raise ValidationError({"commune": "Choisissez la commune où a lieu l'événement."})
        event.point = event.commune.centre
    try:
        commune = commune_for_point(event.point)
    except OutsideTerritory as error:
        raise ValidationError({"point": error.messages}) from None
    event.commune = commune
    event.intercommunalite = commune.intercommunalite
