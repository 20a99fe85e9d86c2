"""Tables as ODS files (OpenDocument, the format of LibreOffice and of the French administration):
numbers stay numbers and dates stay dates in the sheet, so a reader can sum and sort them."""

from datetime import datetime

import tablib
from django.http import HttpResponse
from django.utils import timezone

CONTENT_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
SHEET_TITLE_LENGTH = 31  # what every spreadsheet accepts as a sheet's name


def cell(value):
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None:
        return ""
    return value


def ods_bytes(title, columns, rows):
    dataset = tablib.Dataset(headers=list(columns), title=title[:SHEET_TITLE_LENGTH])
    for row in rows:
        dataset.append([cell(value) for value in row])
    return dataset.export("ods")


def ods_response(filename, title, columns, rows):
    response = HttpResponse(ods_bytes(title, columns, rows), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
