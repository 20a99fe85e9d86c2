from itertools import groupby

from django.views.generic import ListView

from .forms import LinkFilterForm
from .models import Link

# Where people propose a site, or tell us one no longer works (the contact form's subjects).
PROPOSE_URL = "/contact/?sujet=autre&page=/liens-utiles/"
REPORT_URL = "/contact/?sujet=probleme&page=/liens-utiles/"


def group_by_category(links):
    """[(category, [its links]), …] in the order given."""
    return [(category, list(items)) for category, items in groupby(links, key=lambda link: link.category)]


class LinkListView(ListView):
    template_name = "links/link_list.html"
    context_object_name = "links"
    # Far more than the list holds today: the page stays one page, grouped by category.
    paginate_by = 60

    def get_queryset(self):
        self.form = LinkFilterForm(self.request.GET)
        filters = self.form.filters()
        links = Link.objects.active()
        if filters.get("categorie"):
            links = links.in_category(filters["categorie"])
        if filters.get("theme"):
            links = links.with_theme(filters["theme"])
        return links.for_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = group_by_category(context["page_obj"].object_list)
        context.update(
            form=self.form,
            filters_in_words=self.form.describe(),
            groups=groups,
            propose_url=PROPOSE_URL,
            report_url=REPORT_URL,
        )
        return context
