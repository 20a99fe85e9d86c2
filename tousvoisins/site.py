"""Absolute addresses of the site's pages, for what is read away from it: e-mails, feeds,
iCalendar, JSON-LD and the printed agenda. All of them start with SITE_URL, which `make run`
derives from PORT (scripts/dev_env.sh), so that links follow the port the site is served on."""

from django.conf import settings


def site_root():
    """SITE_URL without a trailing slash: 'https://tousvoisins44.fr'."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(target="/"):
    """The full address of a path ('/agenda/', 'agenda/?territoire=…') or of an object with
    get_absolute_url(); an address that already names its site is returned as it is."""
    path = target.get_absolute_url() if hasattr(target, "get_absolute_url") else str(target)
    if path.startswith(("http://", "https://")):
        return path
    return f"{site_root()}/{path.lstrip('/')}"
