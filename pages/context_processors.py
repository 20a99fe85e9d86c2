from urllib.parse import quote

from django.urls import reverse

from tousvoisins.site import site_root

from . import rgaa_audit
from .reading_comfort import ReadingComfort

# The six tabs of the header, by the first segment of their path. Member pages that live
# outside /membres/ (one's own profile, messages) still belong to the "Membres" tab.
TAB_PREFIXES = {
    "agenda": ("/agenda/",),
    "referents": ("/referents/",),
    "actualites": ("/actualites/",),
    "liens-utiles": ("/liens-utiles/",),
    "forum": ("/forum/",),
    "coups-de-pouce": ("/coups-de-pouce/",),
    "membres": ("/membres/", "/mon-profil/", "/messages/"),
}


def current_tab(path):
    """(tab slug, True when `path` is the tab's own page) — or ("", False) outside the tabs."""
    for slug, prefixes in TAB_PREFIXES.items():
        if path.startswith(prefixes):
            return slug, path == prefixes[0]
    return "", False


def site(request):
    tab, exact = current_tab(request.path)
    return {
        "SITE_NAME": "Tous voisins 44",
        "SITE_URL": site_root(),
        "current_tab": tab,
        "current_tab_exact": exact,
        "reading_comfort_classes": ReadingComfort.from_request(request).css_classes,
        "reading_comfort_url": reading_comfort_url(request),
        # The footer states the status the law asks for, from the last audit (read once per process).
        "accessibility_status": lambda: rgaa_audit.current_audit().status,
    }


def reading_comfort_url(request):
    """The header's link to /confort-de-lecture/, which brings the reader back here afterwards."""
    url = reverse("pages:reading-comfort")
    if request.path == url or request.method != "GET":
        return url
    return f"{url}?next={quote(request.get_full_path(), safe='/')}"
