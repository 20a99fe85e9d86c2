"""Tables as CSV files that French spreadsheets open right: UTF-8 with a BOM (Excel then reads
the accents), semicolons between columns, decimal commas, dates as 31/12/2026."""

import csv
import io
from datetime import date, datetime

from django.http import HttpResponse

from .tables import decimal_fr


def cell(value):
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    return decimal_fr(value)


def csv_text(columns, rows):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue()


def csv_bytes(columns, rows):
    return "\ufeff".encode() + csv_text(columns, rows).encode("utf-8")


def csv_response(filename, columns, rows):
    response = HttpResponse(csv_bytes(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
