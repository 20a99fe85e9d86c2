"""Address -> point with the national address base, when settings.GEOCODER_URL is set.

Optional by design: no geocoder, a slow one or an unsure answer all give None, and the event
is placed at the centre of its commune instead. Tests never reach this (GEOCODER_URL is empty).
"""

import json
import logging
import urllib.parse
import urllib.request

from django.conf import settings
from django.contrib.gis.geos import Point

logger = logging.getLogger(__name__)
# Below this score (0 to 1) the address base is guessing: the commune's centre is more honest.
MIN_SCORE = 0.5


def geocode(address, commune_name=""):
    if not settings.GEOCODER_URL or not address:
        return None
    query = urllib.parse.urlencode({"q": f"{address} {commune_name}".strip(), "limit": 1})
    separator = "&" if "?" in settings.GEOCODER_URL else "?"
    try:
        with urllib.request.urlopen(
            f"{settings.GEOCODER_URL}{separator}{query}", timeout=settings.GEOCODER_TIMEOUT
        ) as response:
            answer = json.load(response)
        feature = answer["features"][0]
        if feature["properties"].get("score", 0) < MIN_SCORE:
            return None
        longitude, latitude = feature["geometry"]["coordinates"]
    except (OSError, ValueError, KeyError, IndexError, TypeError) as error:
        logger.warning("Géocodage impossible pour %r : %s", address, error)
        return None
    return Point(float(longitude), float(latitude), srid=4326)
