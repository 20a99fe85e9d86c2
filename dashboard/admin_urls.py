from django.contrib import admin
from django.urls import path

from . import views

# Included at /admin/tableau-de-bord/ before the admin's own URLs (tousvoisins/urls.py).
urlpatterns = [
    path("", admin.site.admin_view(views.dashboard), name="dashboard"),
]
