from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Tous voisins 44 — administration"
admin.site.site_title = "Tous voisins 44"
admin.site.index_title = "Espace des référents et de la modération"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("comptes/", include("allauth.urls")),
    path("agenda/", include("events.urls")),
    path("", include("pages.urls")),
]
