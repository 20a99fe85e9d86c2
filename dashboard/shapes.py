"""The outlines of the 17 intercommunalités for the dashboard's map, simplified by PostGIS.

ST_SimplifyPreserveTopology in Lambert-93 (metres; neighbours keep a shared border), then
ST_AsSVG writes the path directly (y pointing down), rounded to 100 m: a few KB for the
département. The territory does not change between two `load_territoire`, hence a long cache.
"""

from django.core.cache import cache
from django.db import connection

TOLERANCE_METRES = 600
CACHE_SECONDS = 24 * 3600
SCALE = 100  # one SVG unit = 100 m


def territory_shapes():
    """{intercommunalité pk: SVG path}, and the viewBox "x y width height" holding them all."""
    shapes = cache.get("dashboard:shapes")
    if shapes is None:
        shapes = _read_shapes()
        cache.set("dashboard:shapes", shapes, CACHE_SECONDS)
    return shapes


def _read_shapes():
    inverse = 1 / SCALE
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH simplified AS (
              SELECT id, ST_Scale(ST_SimplifyPreserveTopology(ST_Transform(geometry, 2154), %s), %s, %s)
                AS shape
              FROM tousvoisins_intercommunalite
            )
            SELECT id, ST_AsSVG(shape, 0, 0),
                   (SELECT ST_XMin(ST_Extent(shape)) FROM simplified),
                   (SELECT ST_YMax(ST_Extent(shape)) FROM simplified),
                   (SELECT ST_XMax(ST_Extent(shape)) - ST_XMin(ST_Extent(shape)) FROM simplified),
                   (SELECT ST_YMax(ST_Extent(shape)) - ST_YMin(ST_Extent(shape)) FROM simplified)
            FROM simplified
            """,
            [TOLERANCE_METRES, inverse, inverse],
        )
        rows = cursor.fetchall()
    if not rows:
        return {"paths": {}, "view_box": "0 0 100 100"}
    _, _, x, y_max, width, height = rows[0]
    # ST_AsSVG writes y as -y: the top of the box is -y_max.
    view_box = f"{round(x) - 5} {-round(y_max) - 5} {round(width) + 10} {round(height) + 10}"
    return {"paths": {pk: path for pk, path, *_ in rows}, "view_box": view_box}
