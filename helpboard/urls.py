from django.urls import path

from . import views

app_name = "helpboard"

urlpatterns = [
    path("", views.help_list, name="list"),
    path("publier/", views.help_create, name="create"),
    path("<int:pk>/", views.help_detail, name="detail"),
    path("<int:pk>/modifier/", views.help_edit, name="edit"),
    path("<int:pk>/repondre/", views.help_answer, name="answer"),
    path("<int:pk>/c-est-fait/", views.help_done, name="done"),
    path("<int:pk>/signaler/", views.help_report, name="report"),
]
