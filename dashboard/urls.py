from django.urls import path

from . import opendata

app_name = "opendata"

# Stable addresses: documented on /donnees-ouvertes/, never renamed.
urlpatterns = [
    path("", opendata.index, name="index"),
    path("evenements.json", opendata.events_json, name="events-json"),
    path("evenements.csv", opendata.events_csv, name="events-csv"),
    path("evenements.ics", opendata.events_ics, name="events-ics"),
    path("referents.json", opendata.referents_json, name="referents-json"),
    path("referents.csv", opendata.referents_csv, name="referents-csv"),
]
