from itertools import groupby

from django.views.generic import ListView

from tousvoisins import fragments

from .forms import LinkFilterForm
from .models import Link, prefetch_rows

# Where people propose a site, or tell us one no longer works (the contact form's subjects).
PROPOSE_URL = "/contact/?sujet=autre&page=/liens-utiles/"
REPORT_URL = "/contact/?sujet=probleme&page=/liens-utiles/"


def link_rows(links):
    """The links, each with its row as `row_html` (kept: tousvoisins.fragments, under the links
    stamp; the checker saves a link through the model, so a site found broken bumps it too)."""
    return fragments.attach(
        "links/includes/link.html",
        links,
        areas=("links",),
        key=lambda link: link.pk,
        context=lambda link: {"link": link},
        prepare=prefetch_rows,
    )


def group_by_category(links):
    """[(category, [its links]), …] in the order given."""
    return [(category, list(items)) for category, items in groupby(links, key=lambda link: link.category)]


class LinkListView(ListView):
    template_name = "links/link_list.html"
    context_object_name = "links"
    # Far more than the list holds today: the page stays one page, grouped by category.
    paginate_by = 60

    def get_queryset(self):
        fragments.read_stamps("links")
        self.form = LinkFilterForm(self.request.GET)
        filters = self.form.filters()
        links = Link.objects.active()
        if filters.get("categorie"):
            links = links.in_category(filters["categorie"])
        if filters.get("theme"):
            links = links.with_theme(filters["theme"])
        return links.for_rows()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = group_by_category(link_rows(context["page_obj"].object_list))
        has_query = bool(self.request.GET)
        context.update(
            # Kept per query string: what was typed and its errors are the form's only input
            # besides the categories (the links' stamp) and the thèmes.
            filters_html=fragments.block(
                "links/includes/filters.html",
                {"form": self.form, "has_query": has_query},
                areas=("links",),
                key=(has_query, fragments.query_key(self.request.GET)),
            ),
            form=self.form,
            filters_in_words=self.form.describe(),
            groups=groups,
            propose_url=PROPOSE_URL,
            report_url=REPORT_URL,
        )
        return context
