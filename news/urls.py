from django.urls import path

from tousvoisins.stamped import stamped

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.NewsListView.as_view(), name="list"),
    path("flux.xml", stamped("news")(feeds.NewsFeed()), name="feed"),
    path("<slug:slug>/", views.news_detail, name="detail"),
]
