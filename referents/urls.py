from django.urls import path

from . import views

app_name = "referents"

urlpatterns = [
    path("", views.ReferentListView.as_view(), name="list"),
    path("carte/", views.referent_map, name="map"),
    path("carte/intercommunalites.geojson", views.territories_geojson, name="map-geojson"),
    path("trouver/", views.find_referent, name="find"),
    path("<int:pk>/", views.referent_detail, name="detail"),
    path("<int:pk>/message-envoye/", views.contact_sent, name="contact-sent"),
]
