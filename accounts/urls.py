from django.urls import path

from . import views

# Mounted at /comptes/, before allauth's own addresses.
app_name = "accounts"
urlpatterns = [
    path("charte/", views.charter, name="charter"),
]
