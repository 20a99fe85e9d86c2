from pages.forms import ThemeTerritoryFilterForm


class NewsFilterForm(ThemeTerritoryFilterForm):
    """The news list's and feed's filters, read from the query string (?theme=, ?territoire=)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "territoire"
        ].help_text = "Les actualités de toute la Loire-Atlantique sont montrées aussi."

    def apply(self, items):
        """`items` narrowed by the valid filters."""
        filters = self.filters()
        if filters.get("theme"):
            items = items.for_theme(filters["theme"])
        if filters.get("territoire"):
            items = items.for_territory(filters["territoire"])
        return items

    def query_string(self):
        """The valid filters as a query string ("theme=emploi&territoire=…"), '' without any."""
        filters = self.filters()
        parts = []
        if filters.get("theme"):
            parts.append(f"theme={filters['theme'].slug}")
        if filters.get("territoire"):
            parts.append(f"territoire={filters['territoire'].siren}")
        return "&".join(parts)
