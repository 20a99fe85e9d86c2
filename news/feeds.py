"""The RSS 2.0 feed of the news, with the list's filters (?theme=, ?territoire=)."""

import io

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tousvoisins import fragments
from tousvoisins.site import absolute_url

from .forms import NewsFilterForm
from .models import NewsItem

FEED_ITEMS = 20
# The feed's items are said again at most this late (as the news list's count, news.views).
ITEMS_SECONDS = 60


def absolute(path):
    return absolute_url(path)


class NewsRss(Rss201rev2Feed):
    """RSS 2.0 with each item's language (Dublin Core's dc:language): it is never translated."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": "http://purl.org/dc/elements/1.1/"}

    def write(self, outfile, encoding):
        # Django writes a feed into its response in hundreds of small pieces, each one encoded
        # and copied: written to a string first, the response gets it in one piece.
        buffer = io.StringIO()
        super().write(buffer, encoding)
        outfile.write(buffer.getvalue())

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("language"):
            handler.addQuickElement("dc:language", item["language"])


class NewsFeed(Feed):
    """The channel's own words and <language> follow the reader's language (Django's default,
    get_language()); each item keeps its own (dc:language)."""

    feed_type = NewsRss
    description = _("Les nouvelles des thèmes et des territoires de Tous voisins 44, en Loire-Atlantique.")

    def get_object(self, request):
        form = NewsFilterForm(request.GET)
        if not form.is_valid():
            # A feed reader would show a wrong selection without a word: better say it is not there.
            raise Http404("Ce flux n'existe pas : le thème ou l'intercommunalité demandés sont inconnus.")
        return form

    def title(self, form):
        words = form.describe()
        title = gettext("Actualités de Tous voisins 44")
        return title + (f" — {', '.join(words)}" if words else "")

    def _with_filters(self, path, form):
        query = form.query_string()
        return absolute(path) + (f"?{query}" if query else "")

    def link(self, form):
        return self._with_filters(reverse("news:list"), form)

    def feed_url(self, form):
        return self._with_filters(reverse("news:feed"), form)

    def items(self, form):
        # The same for every reader of this selection: kept under the news' stamp, for
        # ITEMS_SECONDS at most (an item scheduled for later enters when its time comes).
        build = lambda: list(form.apply(NewsItem.objects.published()).for_feed().newest_first()[:FEED_ITEMS])  # noqa: E731
        return fragments.kept(
            "news:feed-items", build, areas=("news",), key=form.query_string(), seconds=ITEMS_SECONDS
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The body in HTML takes most of the feed's time: kept under the news' stamp.
        build = lambda: description(item)  # noqa: E731
        return fragments.kept("news:feed-description", build, areas=("news",), key=item.pk)

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated

    def item_author_name(self, item):
        return item.signature

    def item_extra_kwargs(self, item):
        return {"language": item.language}

    def item_categories(self, item):
        return [theme.label for theme in item.themes.all()]


def description(item):
    """HTML, as feed readers expect it: "En bref" (what a reader shows in its list), the lead, then
    the body (sanitised Markdown)."""
    summary = f"<p><strong>{escape(item.summary)}</strong></p>" if item.summary else ""
    return f"{summary}<p>{escape(item.lead)}</p>{item.body_html}"
