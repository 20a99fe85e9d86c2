"""Open data, public: the published events (schema.org Event as JSON, the same columns as CSV,
one iCalendar of everything) and the referents directory, under the Licence Ouverte 2.0.

No personal data: an event gives no organiser's or welcomer's name (a member may have written
their own), only whether someone welcomes; a referent gives only what their public page shows.
The event files are written to the storage (disk or S3) by the periodic job `publish_open_data`
(every 15 minutes, only when the agenda changed: dashboard.opendata_files) and streamed from it,
as writing twenty thousand events takes up to a minute; a conditional GET (ETag, Last-Modified)
answers 304 when nothing changed.
"""

import hashlib
import json
from datetime import timedelta

import icalendar
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import CharField, Func, StringAgg, Value
from django.db.models.functions import Cast
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from events import ical
from events.models import ACCESSIBILITY, PARIS, Event, Occurrence
from referents.models import Referent
from tousvoisins import fragments, precompressed
from tousvoisins.site import absolute_url

from .csv_files import csv_bytes
from .opendata_files import open_data_file, packed_name, version_time

LICENCE = "Licence Ouverte 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
KEEP_DAYS = 365  # events whose last date is less than a year old
BROWSER_CACHE_SECONDS = 15 * 60
FILE_BLOCK_SIZE = 1024 * 1024

EVENT_COLUMNS = [
    "identifiant", "titre", "en_bref", "adresse_web", "debut", "fin", "toute_la_journee",
    "regle_de_repetition", "statut", "lieu", "adresse", "commune", "code_insee", "code_postal",
    "intercommunalite", "siren_intercommunalite", "latitude", "longitude", "themes",
    *(f"accessibilite_{item.slug.replace('-', '_')}" for item in ACCESSIBILITY),
    "personne_pour_accueillir", "gratuit", "modifie_le",
]  # fmt: skip
REFERENT_COLUMNS = [
    "identifiant", "nom_affiche", "role", "structure", "type_de_structure", "themes", "intercommunalites",
    "sirens_intercommunalites", "telephone_de_la_structure", "quand_appeler", "adresse_web",
]  # fmt: skip


def published_events():
    cutoff = timezone.now() - timedelta(days=KEEP_DAYS)
    recent = Occurrence.objects.filter(end__gte=cutoff).values("event_id")
    return (
        Event.objects.published()
        .filter(pk__in=recent)
        .for_ical()
        .select_related("intercommunalite")
        .defer("intercommunalite__geometry", "commune__centre")
        .order_by("start", "pk")
    )


def _local(moment):
    return timezone.localtime(moment, PARIS).isoformat()


def event_row(event):
    """The flat record of one event: the CSV's row, and the JSON's fields."""
    commune, territory = event.commune, event.intercommunalite
    return [
        event.uid,
        event.title,
        event.summary,
        absolute_url(event),
        _local(event.start),
        _local(event.end),
        event.all_day,
        event.recurrence,
        "publié",
        event.place_name,
        event.address,
        commune.name,
        commune.insee,
        commune.postal_codes[0] if commune.postal_codes else "",
        territory.full_name,
        territory.siren,
        round(event.point.y, 6),
        round(event.point.x, 6),
        " | ".join(theme.name for theme in event.themes.all()),
        *(getattr(event, item.field) for item in ACCESSIBILITY),
        bool(event.welcomer_name),
        True,
        _local(event.updated),
    ]


def _features(event):
    labels = [item.label for item in ACCESSIBILITY if getattr(event, item.field)]
    return labels + (["Une personne pour accueillir"] if event.welcomer_name else [])


def event_json(event):
    """schema.org Event, with the thème (about), the commune's INSEE code and the
    intercommunalité's SIREN (containedInPlace), and the accessibility (amenityFeature)."""
    commune, territory = event.commune, event.intercommunalite
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "identifier": event.uid,
        "name": event.title,
        "description": event.summary,
        "url": absolute_url(event),
        "startDate": _local(event.start),
        "endDate": _local(event.end),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "dateModified": _local(event.updated),
        "about": [{"@type": "Thing", "name": theme.name} for theme in event.themes.all()],
        "location": {
            "@type": "Place",
            "name": event.place_name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.address,
                "postalCode": commune.postal_codes[0] if commune.postal_codes else "",
                "addressLocality": commune.name,
                "addressRegion": "Loire-Atlantique",
                "addressCountry": "FR",
            },
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": round(event.point.y, 6),
                "longitude": round(event.point.x, 6),
            },
            "containedInPlace": {
                "@type": "AdministrativeArea",
                "name": commune.name,
                "identifier": {"@type": "PropertyValue", "propertyID": "code INSEE", "value": commune.insee},
                "containedInPlace": {
                    "@type": "AdministrativeArea",
                    "name": territory.full_name,
                    "identifier": {"@type": "PropertyValue", "propertyID": "SIREN", "value": territory.siren},
                },
            },
            # Only what the place offers (schema.org lists the features present).
            "amenityFeature": [
                {"@type": "LocationFeatureSpecification", "name": label, "value": True}
                for label in _features(event)
            ],
        },
    }
    if event.recurrence:
        data["eventSchedule"] = {
            "@type": "Schedule",
            "scheduleTimezone": "Europe/Paris",
            "description": event.recurrence_in_words,
            "repeatFrequency": event.recurrence,
        }
    return data


def _referents():
    return Referent.objects.active().for_cards().ordered()


def referent_row(referent):
    return [
        referent.pk,
        referent.public_name,
        referent.role_in_words,
        referent.structure,
        referent.get_structure_kind_display(),
        " | ".join(theme.name for theme in referent.themes),
        " | ".join(territory.full_name for territory in referent.territories),
        " | ".join(territory.siren for territory in referent.territories),
        referent.phone,
        referent.phone_hours,
        absolute_url(referent),
    ]


def _document(payload_name, records):
    return json.dumps(
        {
            "titre": f"Tous voisins 44 — {payload_name}",
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "producteur": "Département de Loire-Atlantique",
            "documentation": absolute_url("/donnees-ouvertes/"),
            "genere_le": timezone.localtime(timezone.now(), PARIS).isoformat(),
            "donnees": records,
        },
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
    ).encode()


def _headers(response, etag):
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    patch_cache_control(response, public=True, max_age=BROWSER_CACHE_SECONDS)
    return response


def _etag(body):
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _respond(request, kept, content_type, filename=None):
    """A kept file (body, its ETag, its gzip copy or None): a 304, or the body, compressed for a
    client that accepts gzip; nothing hashed nor compressed on the request."""
    body, etag, packed = kept
    accepts = packed is not None and precompressed.ACCEPTS_GZIP.search(
        request.META.get("HTTP_ACCEPT_ENCODING", "")
    )
    # The gzip copy is the same content in another encoding: a weak validator (RFC 9110, 8.8.1).
    shown = f"W/{etag}" if accepts else etag
    response = get_conditional_response(request, etag=shown)
    if response is None:
        response = HttpResponse(content_type=content_type)
        response["ETag"] = etag
        precompressed.set_body(request, response, body, packed)
        if filename:
            response["Content-Disposition"] = f'inline; filename="{filename}"'
    else:
        patch_vary_headers(response, ("Accept-Encoding",))
    return _headers(response, shown)


def open_vevent(event):
    """The agenda's VEVENT, its description cut down to the summary: the organiser's name and the
    free presentation (where a member may have written names) stay out of open data."""
    component = ical.vevent(event)
    component.pop("DESCRIPTION", None)
    parts = (event.summary, "Gratuit et ouvert à tous.", absolute_url(event))
    component.add("description", "\n\n".join(part for part in parts if part))
    return component


# What the job publish_open_data writes (dashboard.opendata_files).


def events_json_bytes():
    return _document("événements", [event_json(event) for event in published_events()])


def events_csv_bytes():
    return csv_bytes(EVENT_COLUMNS, [event_row(event) for event in published_events()])


def events_ics_bytes():
    calendar = icalendar.Calendar.from_ical(ical.calendar([], name="Tous voisins 44 — tout l'agenda"))
    for event in published_events():
        calendar.add_component(open_vevent(event))
    return calendar.to_ical()


def _file_view(name, content_type):
    """Streams the current publication's file from the storage (dashboard.opendata_files), its
    gzip copy to a client that accepts it."""

    def view(request):
        version, stored = open_data_file(name)
        etag = f'"{version}"'
        modified = version_time(version).timestamp()
        response = get_conditional_response(request, etag=etag, last_modified=int(modified))
        if response is None:
            packed = _packed(request, version, name)
            response = FileResponse(default_storage.open(packed or stored, "rb"), content_type=content_type)
            # Files of megabytes: read in large blocks where the server cannot send the file itself.
            response.block_size = FILE_BLOCK_SIZE
            response["Content-Disposition"] = f'inline; filename="{name}"'
            response["Last-Modified"] = http_date(modified)
            if packed:
                response["Content-Encoding"] = "gzip"
                # The same content in another encoding: a weak validator (RFC 9110, 8.8.1).
                etag = f"W/{etag}"
        patch_vary_headers(response, ("Accept-Encoding",))
        return _headers(response, etag)

    return view


def _packed(request, version, name):
    """The storage name of the file's gzip copy when the client accepts gzip and the publication
    has one (those of an earlier release have none), else None."""
    if not precompressed.ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        return None
    packed = packed_name(version, name)
    return packed if default_storage.exists(packed) else None


events_json = _file_view("evenements.json", "application/ld+json; charset=utf-8")
events_csv = _file_view("evenements.csv", "text/csv; charset=utf-8")
events_ics = _file_view("evenements.ics", "text/calendar; charset=utf-8")


def referents_json_bytes(referents):
    records = [dict(zip(REFERENT_COLUMNS, referent_row(referent), strict=True)) for referent in referents]
    return _document("annuaire des référents", records)


def referents_csv_bytes(referents):
    return csv_bytes(REFERENT_COLUMNS, [referent_row(referent) for referent in referents])


def _who_of(pks):
    """_who() of the referents read for a file: the same digest, computed here."""
    listed = ",".join(str(pk) for pk in sorted(pks))
    return hashlib.md5(listed.encode(), usedforsecurity=False).hexdigest()


def _who():
    """Who is active now, as one short value computed by the database (not a row per referent)."""
    return Referent.objects.active().aggregate(
        who=Func(
            StringAgg(Cast("pk", CharField()), delimiter=Value(","), order_by="pk", default=""),
            function="md5",
        )
    )["who"]


def _kept(name, build):
    """A referents' file (body, ETag, gzip copy), built once per process under the referents' stamp
    (their cards, scopes and permanences bump it). Who is active is read each time (one query,
    one value): an account closed or opened again bumps no stamp, and then the file is built anew.
    """
    built = []

    def fresh():
        referents = list(_referents())
        body = build(referents)
        built.append(True)
        return _who_of(referent.pk for referent in referents), (
            body,
            _etag(body),
            precompressed.compressed(body),
        )

    who, kept = fragments.kept(f"opendata:{name}", fresh, areas=("referents",))
    if not built and who != _who():
        _who_now, kept = fresh()
    return kept


def referents_json(request):
    return _respond(request, _kept("referents.json", referents_json_bytes), "application/json; charset=utf-8")


def referents_csv(request):
    return _respond(
        request, _kept("referents.csv", referents_csv_bytes), "text/csv; charset=utf-8", "referents.csv"
    )


def index(request):
    return render(
        request,
        "dashboard/opendata.html",
        {
            "event_columns": EVENT_COLUMNS,
            "referent_columns": REFERENT_COLUMNS,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "keep_days": KEEP_DAYS,
        },
    )
