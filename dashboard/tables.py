"""A table of figures: what the page shows, what its chart draws and what its CSV file holds."""

from dataclasses import dataclass, field


@dataclass
class Table:
    slug: str  # its name in the CSV's address: ?tableau=<slug>
    title: str
    columns: list
    rows: list = field(default_factory=list)
    # Indices of the rows to highlight (e.g. an intercommunalité without referent); the page says
    # why in words too, never by colour alone.
    flagged: set = field(default_factory=set)
    note: str = ""
    keys: list = field(default_factory=list)  # the primary key behind each row, when a chart needs it

    def column(self, index):
        return [row[index] for row in self.rows]


def decimal_fr(value):
    """12.5 → "12,5": the decimal comma French readers and spreadsheets expect."""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)
