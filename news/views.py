from django.shortcuts import get_object_or_404, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.generic import ListView

from tousvoisins import fragments
from tousvoisins.pagination import KeptCountPaginator
from tousvoisins.search import suggestion_link

from .forms import NewsFilterForm
from .models import NewsItem, prefetch_cards

# Other news of the same thème under an item.
RELATED_NEWS = 3


def card_rows(items):
    """The items, each with its card as `card_html` (kept: tousvoisins.fragments, under the news
    stamp: an item edited, unpublished or deleted gives new cards at once)."""
    return fragments.attach(
        "news/includes/card.html",
        items,
        name="card_html",
        areas=("news",),
        key=lambda item: item.pk,
        context=lambda item: {"item": item, "level": 3},
        prepare=prefetch_cards,
    )


def feed_url(form):
    query = form.query_string()
    return reverse("news:feed") + (f"?{query}" if query else "")


# A kept count of the news is said again at most this late: an item scheduled for later enters
# the list when its time comes, without any stamp changing.
COUNT_SECONDS = 60


class NewsPaginator(KeptCountPaginator):
    """The count and pages kept per selection under the news' stamp, for COUNT_SECONDS at most
    (an item scheduled for later comes in)."""

    kept_name, kept_areas, kept_seconds = "news", ("news",), COUNT_SECONDS


class NewsListView(ListView):
    template_name = "news/news_list.html"
    context_object_name = "news_items"
    paginate_by = 12
    paginator_class = NewsPaginator

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count_key = self.form.query_string()
        return paginator

    def paginate_queryset(self, queryset, page_size):
        """The page's items (their card's columns) kept as the count is."""
        paginator, page, _items, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = paginator.kept_page(page)
        return paginator, page, page.object_list, is_paginated

    def get_queryset(self):
        fragments.read_stamps("news")
        self.form = NewsFilterForm(self.request.GET)
        return self.form.apply(NewsItem.objects.published()).for_rows().newest_first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            form=self.form, filters_in_words=self.form.describe(), feed_url=feed_url(self.form), **kwargs
        )
        context["news_items"] = card_rows(context["page_obj"].object_list)
        has_query = bool(self.request.GET)
        # Kept per query string: what was typed and its errors are the form's only input besides
        # the thèmes and intercommunalités (the thèmes' stamp).
        context["filters_html"] = fragments.block(
            "news/includes/filters.html",
            {"form": self.form, "has_query": has_query},
            areas=(),
            key=(has_query, fragments.query_key(self.request.GET)),
        )
        words = self.form.filters().get("q")
        if words and not context["news_items"]:
            # Only when the words found nothing: one more query, on that path only.
            suggestion = NewsItem.objects.published().search_suggestion(words)
            context["suggestion"] = suggestion_link(self.request, suggestion)
        return context


# A kept page of an item is said again at most this late: an item scheduled for later enters
# "Autres actualités" when its time comes, without any stamp changing.
DETAIL_SECONDS = 60
DETAIL_TEMPLATE = "news/includes/detail_body.html"


def detail_context(item):
    """What the body of an item's page shows besides the item: its thèmes and related news."""
    themes = list(item.themes.all())
    related = []
    if themes:
        related = list(
            NewsItem.objects.published()
            .for_theme(themes[0])
            .exclude(pk=item.pk)
            .only("title", "slug", "published_at", "language")
            .newest_first()[:RELATED_NEWS]
        )
    return {
        "item": item,
        "themes": themes,
        "related_theme": themes[0] if themes else None,
        "related": related,
    }


def detail_body(item):
    """The body of a published item's page (the text in HTML, its thèmes, related news): the same
    for everyone, kept under the news' stamp (tousvoisins.fragments) for a minute at most."""
    html = fragments.kept(
        DETAIL_TEMPLATE,
        lambda: get_template(DETAIL_TEMPLATE).render(detail_context(item)),
        areas=("news",),
        key=item.pk,
        seconds=DETAIL_SECONDS,
    )
    return mark_safe(html)  # rendered by a template


def news_detail(request, slug):
    fragments.read_stamps("news")
    # Its thèmes are read by detail_context(), for the body not kept.
    item = get_object_or_404(NewsItem.objects.visible_to(request.user).for_page(), slug=slug)
    context = {"item": item, "feed_url": reverse("news:feed")}
    if item.is_visible:
        context["detail_body"] = detail_body(item)
    else:  # a draft or a scheduled item, shown to who may edit it: never kept
        context.update(detail_context(item))
    return render(request, "news/news_detail.html", context)
