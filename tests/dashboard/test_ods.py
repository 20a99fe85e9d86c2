"""Every dashboard table also as ODS: the right type and name, numbers as numbers in the sheet."""

import io

import pytest
import tablib
from django.urls import reverse
from odf.opendocument import load
from odf.table import TableCell

from tests.dashboard.test_dashboard import crafted, signed_in  # noqa: F401 (fixture)

ODS = "application/vnd.oasis.opendocument.spreadsheet"


def ods(client, slug, **params):
    return client.get(reverse("dashboard"), {"tableau": slug, "format": "ods", **params})


def test_a_table_downloads_as_ods_with_its_numbers(client, moderator, crafted):  # noqa: F811
    signed_in(client, moderator)
    table = client.get(reverse("dashboard")).context["figures"]["density"]
    response = ods(client, "dates-pour-10000-habitants")
    assert response.status_code == 200
    assert response["Content-Type"] == ODS
    assert response["Content-Disposition"].startswith(
        'attachment; filename="tous-voisins-44-dates-pour-10000-habitants-'
    )
    assert response["Content-Disposition"].endswith('.ods"')
    sheet = tablib.Dataset().load(io.BytesIO(response.content), format="ods")
    assert sheet.headers == table.columns
    assert [list(row) for row in sheet] == [list(row) for row in table.rows]
    cap = next(row for row in sheet if row[0] == "Cap Atlantique")
    assert cap == ("Cap Atlantique", 71831, 1, round(10_000 / 71831, 1))


def test_numbers_are_numbers_in_the_sheet(client, moderator, crafted):  # noqa: F811
    response = ods(signed_in(client, moderator), "dates-par-intercommunalite")
    document = load(io.BytesIO(response.content))
    cells = document.spreadsheet.getElementsByType(TableCell)
    types = {cell.getAttribute("valuetype") for cell in cells}
    assert "float" in types
    # The row of Nantes Métropole: its name as text, its counts as numbers.
    assert "Nantes Métropole" in str(document.spreadsheet)


SLUGS = [
    "en-attente", "referents", "dates-par-intercommunalite", "dates-pour-10000-habitants", "dates-par-theme",
    "participations-par-mois", "nouveaux-membres", "forum-par-categorie", "accessibilite-et-accueil",
]  # fmt: skip


@pytest.mark.parametrize("slug", SLUGS)
def test_every_table_has_its_ods_with_the_same_cells(client, moderator, crafted, slug):  # noqa: F811
    signed_in(client, moderator)
    figures = client.get(reverse("dashboard")).context["figures"]
    table = next(table for table in figures.values() if table.slug == slug)
    response = ods(client, slug)
    assert response["Content-Type"] == ODS
    sheet = tablib.Dataset().load(io.BytesIO(response.content), format="ods")
    assert sheet.headers == table.columns
    assert [list(row) for row in sheet] == [list(row) for row in table.rows]


def test_the_page_links_both_formats(client, moderator, crafted):  # noqa: F811
    html = signed_in(client, moderator).get(reverse("dashboard")).content.decode()
    assert html.count("Télécharger ce tableau (CSV, pour un tableur)") == html.count(
        "Télécharger ce tableau (ODS, pour LibreOffice)"
    )
    assert "format=ods" in html
