"""Charts drawn on the server as SVG, readable without colour and without JavaScript.

Each chart has a <title> and a <desc> (role="img", aria-labelledby), and the page shows its data
table beside it. Series differ by pattern (plain, hatched) and carry their values as text; the
map's classes differ by pattern and shade, and its legend says the ranges in words.
"""

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .tables import decimal_fr

INK = "#1b1b1b"
BLUE = "#1a5c8e"
WIDTH = 680
LABEL_WIDTH = 220
BAR_SPACE = 360
ROW = 24

# (id, fill, hatching colour or "", hatching kind): the series' look, in order.
SERIES_LOOKS = [("plein", BLUE, "", ""), ("hachures", "#ffffff", BLUE, "lines")]


def _patterns(prefix):
    return format_html(
        '<defs><pattern id="{0}-hachures" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="{1}" stroke-width="3"/></pattern>'
        '<pattern id="{0}-croisillons" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="{2}"/>'
        '<path d="M0 0L6 6M6 0L0 6" stroke="#ffffff" stroke-width="1.2"/></pattern>'
        '<pattern id="{0}-points" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#ffffff"/><circle cx="3" cy="3" r="1" fill="{3}"/></pattern>'
        '<pattern id="{0}-rayures" width="5" height="5" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="5" height="5" fill="#9ecae1"/>'
        '<line x1="0" y1="0" x2="0" y2="5" stroke="{1}" stroke-width="1.5"/></pattern></defs>',
        prefix,
        BLUE,
        "#08306b",
        INK,
    )


def _fill(prefix, look):
    name, fill, _, _ = look
    return fill if name == "plein" else f"url(#{prefix}-{name})"


def _open(prefix, title, description, height):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{0}-titre {0}-desc" '
        'viewBox="0 0 {1} {2}" width="100%" class="dashboard-chart" font-family="sans-serif" font-size="13">'
        '<title id="{0}-titre">{3}</title><desc id="{0}-desc">{4}</desc>',
        prefix,
        WIDTH,
        height,
        title,
        description,
    )


def bar_chart(table, *, label_column, value_columns, description):
    """Horizontal bars, one row per table row, the value columns stacked (plain, then hatched),
    each bar followed by its total written out."""
    prefix = f"graphique-{table.slug}"
    rows = table.rows
    legend_height = 28 if len(value_columns) > 1 else 0
    height = legend_height + ROW * max(len(rows), 1) + 10
    totals = [sum(row[index] for index in value_columns) for row in rows]
    largest = max(totals, default=0) or 1
    parts = [_open(prefix, table.title, description, height), _patterns(prefix)]
    if len(value_columns) > 1:
        x = LABEL_WIDTH
        for look, index in zip(SERIES_LOOKS, value_columns, strict=False):
            parts.append(
                format_html(
                    '<rect x="{}" y="6" width="16" height="14" fill="{}" stroke="{}"/>'
                    '<text x="{}" y="18" fill="{}">{}</text>',
                    x,
                    _fill(prefix, look),
                    BLUE,
                    x + 22,
                    INK,
                    table.columns[index],
                )
            )
            x += 30 + 8 * len(table.columns[index])
    # The rows are written with plain f-strings (only the labels are text to escape): escaping every
    # number through format_html cost more than the figures' queries on the département's data.
    fills = [_fill(prefix, look) for look in SERIES_LOOKS]
    for position, (row, total) in enumerate(zip(rows, totals, strict=True)):
        y = legend_height + position * ROW + 4
        label = escape(str(row[label_column])[:32])
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 14}" text-anchor="end" fill="{INK}">{label}</text>'
        )
        x = LABEL_WIDTH
        for fill, index in zip(fills, value_columns, strict=False):
            width = round(row[index] * BAR_SPACE / largest, 1)
            if width:
                bar = f'x="{x}" y="{y}" width="{width}" height="{ROW - 6}"'
                parts.append(f'<rect {bar} fill="{fill}" stroke="{BLUE}"/>')
            x += width
        parts.append(f'<text x="{x + 6}" y="{y + 14}" fill="{INK}">{escape(decimal_fr(total))}</text>')
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))


def map_classes(values):
    """Four classes: none, then thirds of the largest value. [(lower, upper, pattern, words)]."""
    top = max(values, default=0)
    if not top:
        return [(0, 0, "points", gettext("aucune date"))]
    third = top / 3
    return [
        (0, 0, "points", gettext("aucune date")),
        (0, third, "rayures", gettext("jusqu'à %(top)s") % {"top": decimal_fr(round(third, 1))}),
        (
            third,
            2 * third,
            "hachures",
            gettext("de %(low)s à %(top)s")
            % {"low": decimal_fr(round(third, 1)), "top": decimal_fr(round(2 * third, 1))},
        ),
        (
            2 * third,
            top,
            "croisillons",
            gettext("de %(low)s à %(top)s")
            % {"low": decimal_fr(round(2 * third, 1)), "top": decimal_fr(round(top, 1))},
        ),
    ]


def class_of(value, classes):
    if not value:
        return classes[0]
    for lower, upper, pattern, words in classes[1:]:
        if lower < value <= upper + 1e-9:
            return (lower, upper, pattern, words)
    return classes[-1]


def choropleth(shapes, territories, *, title, description):
    """The intercommunalités coloured by `value`: territories is [(pk, name, value)]."""
    prefix = "carte-densite"
    classes = map_classes([value for _, _, value in territories])
    legend = format_html_join(
        "",
        '<g><rect x="8" y="{}" width="22" height="16" fill="url(#{}-{})" stroke="#1b1b1b"/>'
        '<text x="38" y="{}" fill="#1b1b1b" font-size="13">{}</text></g>',
        (
            (10 + 24 * position, prefix, pattern, 23 + 24 * position, words)
            for position, (_, _, pattern, words) in enumerate(classes)
        ),
    )
    polygons = []
    for pk, name, value in territories:
        path = shapes["paths"].get(pk)
        if not path:
            continue
        _, _, pattern, words = class_of(value, classes)
        polygons.append(
            format_html(
                '<path d="{}" fill="url(#{}-{})" stroke="#1b1b1b" stroke-width="4" fill-rule="evenodd">'
                "<title>{}</title></path>",
                path,
                prefix,
                pattern,
                gettext("%(name)s : %(value)s dates pour 10 000 habitants (%(range)s)")
                % {"name": name, "value": decimal_fr(value), "range": words},
            )
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{0}-titre {0}-desc" '
        'viewBox="0 0 680 520" width="100%" class="dashboard-map" font-family="sans-serif">'
        '<title id="{0}-titre">{1}</title><desc id="{0}-desc">{2}</desc>{3}'
        '<svg x="180" y="0" width="500" height="520" viewBox="{4}" preserveAspectRatio="xMidYMid meet">'
        "{5}</svg>{6}</svg>",
        prefix,
        title,
        description,
        _patterns(prefix),
        shapes["view_box"],
        mark_safe("".join(polygons)),
        legend,
    )
