from django.urls import path, re_path

from . import (
    print_views,
    views,
    views_accompaniment,
    views_participation,
    views_proposals,
    views_registration,
    views_waiting_list,
)

app_name = "events"

ACCOMPANY = "<int:pk>-<slug:slug>/accompagnement/"

urlpatterns = [
    path("", views.OccurrenceListView.as_view(), name="list"),
    path("agenda.ics", views.agenda_ics, name="agenda-ics"),
    path("mois/", views.current_month, name="current-month"),
    re_path(r"^mois/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$", views.MonthView.as_view(), name="month"),
    path("carte/", views.MapView.as_view(), name="map"),
    path("carte/evenements.geojson", views.map_geojson, name="map-geojson"),
    path("proposer/", views_proposals.propose, name="propose"),
    path("mes-propositions/", views_proposals.MyProposalsView.as_view(), name="my-proposals"),
    path("mes-propositions/<int:pk>/modifier/", views_proposals.edit_proposal, name="edit-proposal"),
    path("mes-propositions/<int:pk>/retirer/", views_proposals.withdraw_proposal, name="withdraw-proposal"),
    path("mes-participations/", views_participation.MyParticipationsView.as_view(), name="my-participations"),
    path("imprimer/<str:siren>/", print_views.print_agenda, name="print"),
    path("imprimer/<str:siren>/gros-caracteres/", print_views.print_large, name="print-large"),
    path("imprimer/<str:siren>/gros-caracteres.pdf", print_views.print_large_pdf, name="print-large-pdf"),
    path("<int:pk>-<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<int:pk>-<slug:slug>/evenement.ics", views.event_ics, name="event-ics"),
    path("<int:pk>-<slug:slug>/participer/", views_participation.join, name="join"),
    path("<int:pk>-<slug:slug>/ne-plus-participer/", views_participation.leave, name="leave"),
    # The waiting list of a full date.
    path("<int:pk>-<slug:slug>/liste-d-attente/", views_waiting_list.join, name="waiting-join"),
    path("<int:pk>-<slug:slug>/liste-d-attente/quitter/", views_waiting_list.leave, name="waiting-leave"),
    path(
        "<int:pk>-<slug:slug>/liste-d-attente/confirmer/", views_waiting_list.confirm, name="waiting-confirm"
    ),
    # "J'aimerais être accompagné(e)"
    path(ACCOMPANY, views_accompaniment.request_list, name="accompaniment-list"),
    path(ACCOMPANY + "demander/", views_accompaniment.ask, name="accompaniment-ask"),
    path(ACCOMPANY + "retirer/", views_accompaniment.withdraw, name="accompaniment-withdraw"),
    path(ACCOMPANY + "proposer/", views_accompaniment.offer, name="accompaniment-offer"),
    path(ACCOMPANY + "accepter/", views_accompaniment.accept, name="accompaniment-accept"),
    path(ACCOMPANY + "on-s-en-occupe/", views_accompaniment.handle, name="accompaniment-handle"),
    path(
        "<int:pk>-<slug:slug>/inscrire-quelqu-un/",
        views_registration.register_someone,
        name="register-someone",
    ),
    path("<int:pk>-<slug:slug>/qui-vient/", views_registration.who_comes, name="who-comes"),
    path(
        "<int:pk>-<slug:slug>/qui-vient/accompagnement/",
        views_registration.ask_accompaniment,
        name="registration-accompaniment",
    ),
]
