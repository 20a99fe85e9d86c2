from django.urls import path

from . import views, views_moderation

app_name = "forum"

# The fixed paths come first: a category's slug is never one of them (models.RESERVED_SLUGS).
urlpatterns = [
    path("", views.index, name="index"),
    path("recherche/", views.search, name="search"),
    path("sujet/<int:pk>-<slug:slug>/", views.topic_detail, name="topic"),
    path("sujet/<int:pk>-<slug:slug>/repondre/", views.topic_reply, name="reply"),
    path("sujet/<int:pk>/suivre/", views.topic_subscription, name="subscription"),
    path("sujet/<int:pk>/moderer/", views_moderation.topic_moderate, name="topic-moderate"),
    path("message/<int:pk>/", views.post_detail, name="post"),
    path("message/<int:pk>/modifier/", views.post_edit, name="post-edit"),
    path("message/<int:pk>/signaler/", views_moderation.post_report, name="post-report"),
    path("message/<int:pk>/masquer/", views_moderation.post_hide, name="post-hide"),
    path("message/<int:pk>/afficher/", views_moderation.post_unhide, name="post-unhide"),
    path("<slug:category>/", views.category_detail, name="category"),
    path("<slug:category>/nouveau/", views.topic_create, name="topic-create"),
]
