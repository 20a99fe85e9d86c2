from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.generic import ListView

from tousvoisins import fragments
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


class NewsListView(ListView):
    template_name = "news/news_list.html"
    context_object_name = "news_items"
    paginate_by = 12

    def get_queryset(self):
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


def news_detail(request, slug):
    item = get_object_or_404(NewsItem.objects.visible_to(request.user).for_detail(), slug=slug)
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
    context = {
        "item": item,
        "themes": themes,
        "related_theme": themes[0] if themes else None,
        "related": related,
        "feed_url": reverse("news:feed"),
    }
    return render(request, "news/news_detail.html", context)
