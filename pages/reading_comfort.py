"""Reading comfort: the text size, display and spacing a reader chose on /confort-de-lecture/.

They are kept in one strictly necessary cookie (no consent: it only serves the display the
reader asked for) and applied as classes on <html>, so the next page shows them without any
JavaScript. The cookie is read against the lists below: anything else is ignored.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

COOKIE_NAME = "confort"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60

# Each choice: its value (in the form and the cookie), its label, the class it puts on <html>.
TEXT_SIZES = {
    "normal": (_("Normal"), ""),
    "grand": (_("Grand"), "texte-grand"),
    "tres-grand": (_("Très grand"), "texte-tres-grand"),
}
DISPLAYS = {"standard": (_("Standard"), ""), "contraste": (_("Contraste renforcé"), "contraste")}
SPACINGS = {"standard": (_("Standard"), ""), "large": (_("Espacement large"), "espacement")}


def choices(options):
    return [(value, label) for value, (label, _css_class) in options.items()]


@dataclass(frozen=True)
class ReadingComfort:
    text_size: str = "normal"
    display: str = "standard"
    spacing: str = "standard"

    @classmethod
    def from_cookie(cls, value):
        """The choices in the cookie's value ("grand.contraste.large"); a part that is not one of
        the choices falls back to the usual display."""
        parts = (value or "").split(".")
        parts += [""] * (3 - len(parts))
        size, display, spacing = parts[:3]
        return cls(
            text_size=size if size in TEXT_SIZES else cls.text_size,
            display=display if display in DISPLAYS else cls.display,
            spacing=spacing if spacing in SPACINGS else cls.spacing,
        )

    @classmethod
    def from_request(cls, request):
        return cls.from_cookie(request.COOKIES.get(COOKIE_NAME, ""))

    @property
    def cookie_value(self):
        return f"{self.text_size}.{self.display}.{self.spacing}"

    @property
    def is_usual(self):
        return self == ReadingComfort()

    @property
    def css_classes(self):
        """The classes of <html>, e.g. "texte-grand contraste espacement" ("" for the usual display)."""
        classes = (TEXT_SIZES[self.text_size][1], DISPLAYS[self.display][1], SPACINGS[self.spacing][1])
        return " ".join(css_class for css_class in classes if css_class)


def remember(response, comfort, *, secure):
    """Keep `comfort` in the reader's cookie for a year; the usual display needs no cookie."""
    if comfort.is_usual:
        forget(response)
        return
    response.set_cookie(
        COOKIE_NAME,
        comfort.cookie_value,
        max_age=COOKIE_MAX_AGE,
        secure=secure,
        httponly=True,
        samesite="Lax",
    )


def forget(response):
    response.delete_cookie(COOKIE_NAME, samesite="Lax")
