"""Framework-free helpers shared by every app: text normalisation, colours, dates in words."""

import re
import unicodedata

_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
# Ligatures are not accents: NFKD keeps them, and "Paimbœuf" would lose its "œ".
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})


def normalize_place_name(text):
    """'St-Herblain', "saint herblain" and 'SAINT-HERBLAIN ' all give 'saint herblain';
    'Paimbœuf' and 'paimboeuf' give 'paimboeuf'."""
    text = unicodedata.normalize("NFKD", (text or "").translate(_LIGATURES))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = re.split(r"[^a-z0-9]+", text)
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words if w)


def _channel(value):
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(colour_a, colour_b):
    """WCAG 2.1 contrast ratio between two '#rrggbb' colours."""
    la, lb = sorted((relative_luminance(colour_a), relative_luminance(colour_b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
