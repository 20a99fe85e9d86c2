from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.community_list, name="list"),
    path("<slug:slug>/", views.community_detail, name="detail"),
    path("<slug:slug>/rejoindre/", views.join, name="join"),
    path("<slug:slug>/quitter/", views.leave, name="leave"),
    path("<slug:slug>/ecrire-aux-membres/", views.write_to_members, name="write"),
    path("<slug:slug>/mot-d-accueil/", views.welcome, name="welcome"),
]
