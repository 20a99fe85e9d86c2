from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.OccurrenceListView.as_view(), name="list"),
    path("agenda.ics", views.agenda_ics, name="agenda-ics"),
    path("<int:pk>-<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<int:pk>-<slug:slug>/evenement.ics", views.event_ics, name="event-ics"),
]
