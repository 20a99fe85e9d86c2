"""The internal RGAA 4.1 audit (issue 17, item 8): docs/rgaa-audit.csv is complete, and
/accessibilite/ shows the rate computed from it, its date, and a planned fix for each non-conformity."""

import csv
import html
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils.formats import date_format

from pages import rgaa_audit

pytestmark = pytest.mark.django_db

# How many criteria each of the 13 thèmes of RGAA 4.1 has (images, cadres, couleurs, multimédia,
# tableaux, liens, scripts, éléments obligatoires, structuration, présentation, formulaires,
# navigation, consultation): 106 in all.
CRITERIA_PER_THEME = [9, 2, 3, 13, 8, 2, 5, 10, 4, 14, 13, 11, 12]


def rows():
    with open(rgaa_audit.AUDIT_CSV, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def text(response):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_csv_has_the_106_criteria_of_rgaa_4_1_each_once_in_order():
    expected = [
        f"{theme}.{number}"
        for theme, count in enumerate(CRITERIA_PER_THEME, start=1)
        for number in range(1, count + 1)
    ]
    assert len(expected) == 106
    assert [row["criterion"] for row in rows()] == expected


def test_each_criterion_has_a_valid_result_and_says_where_and_how_it_was_checked():
    for row in rows():
        assert list(row) == rgaa_audit.COLUMNS
        assert row["result"] in {"C", "NC", "NA"}, row["criterion"]
        assert row["title"].strip().endswith("?"), row["criterion"]
        assert row["pages"].strip(), row["criterion"]
        assert row["method"].strip(), row["criterion"]


def test_each_non_conformity_has_a_planned_fix_and_only_they_do():
    for row in rows():
        assert bool(row["planned_fix"].strip()) == (row["result"] == "NC"), row["criterion"]
        if row["result"] == "NC":
            assert row["notes"].strip(), f"{row['criterion']}: say what is wrong in the notes"


def test_the_statement_shows_the_rate_computed_from_the_csv_with_its_date(client):
    results = [row["result"] for row in rows()]
    conform, non_conform = results.count("C"), results.count("NC")
    rate = (Decimal(100 * conform) / Decimal(conform + non_conform)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    page = text(client.get("/accessibilite/"))
    assert f"révèle que {str(rate).replace('.', ',')} % des critères du RGAA 4.1 sont respectés" in page
    assert "(audit interne)" in page
    assert f"({conform} sur {conform + non_conform})" in page
    assert f"réalisé le {date_format(rgaa_audit.AUDIT_DATE, 'j F Y')}" in page


def test_the_statement_lists_each_non_conformity_with_its_planned_fix(client):
    page = text(client.get("/accessibilite/"))
    non_conformities = [row for row in rows() if row["result"] == "NC"]
    if not non_conformities:
        assert "L'audit interne n'a relevé aucune non-conformité." in page
        assert "en raison des non-conformités" not in page
    for row in non_conformities:
        assert f"Critère {row['criterion']} : {row['title']}" in page
        assert f"Correction prévue : {row['planned_fix']}" in page


def test_the_rate_follows_the_csv_it_is_read_from(client, tmp_path, monkeypatch):
    # Another audit file: 3 conform, 1 not, 102 not applicable gives 75 %, "partiellement conforme".
    audit_file = tmp_path / "audit.csv"
    with open(audit_file, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(rgaa_audit.COLUMNS)
        for index, row in enumerate(rows()):
            result = "C" if index < 3 else "NC" if index == 3 else "NA"
            fix = "Le corriger." if result == "NC" else ""
            writer.writerow([row["criterion"], row["title"], result, "/", "lecture", "Un défaut.", fix])
    audit = rgaa_audit.read_audit(audit_file)
    assert (audit.count_c, audit.count_nc, audit.count_na, audit.rate_in_words) == (3, 1, 102, "75,0 %")

    monkeypatch.setattr(rgaa_audit, "current_audit", lambda: audit)
    page = text(client.get("/accessibilite/"))
    assert "révèle que 75,0 % des critères" in page
    assert "Tous voisins 44 est partiellement conforme" in page
    assert f"Critère {audit.non_conformities[0].number} : {audit.non_conformities[0].title}" in page
    assert "Correction prévue : Le corriger." in page
    assert "aucune non-conformité" not in page
    assert "Accessibilité : partiellement conforme" in page  # the footer follows the audit too
    assert "Correction prévue : Le corriger." in page


@pytest.mark.parametrize(
    ("conform", "non_conform", "status"),
    [(10, 0, "totalement conforme"), (5, 5, "partiellement conforme"), (4, 6, "non conforme")],
)
def test_the_status_follows_the_rate(conform, non_conform, status):
    criteria = [rgaa_audit.Criterion("1.1", "?", "C", "/", "", "", "")] * conform + [
        rgaa_audit.Criterion("1.2", "?", "NC", "/", "", "", "x")
    ] * non_conform
    assert rgaa_audit.Audit(criteria=criteria, date=rgaa_audit.AUDIT_DATE).status == status


def test_the_site_map_is_linked_from_every_page_and_lists_the_intercommunalites(client):
    # RGAA 12.1 and 12.4: a second way to find pages, at the same place on every page.
    for path in ("/", "/agenda/", "/accessibilite/"):
        assert 'href="/plan-du-site/"' in client.get(path).content.decode()
    assert 'href="/territoire/"' in client.get("/plan-du-site/").content.decode()
