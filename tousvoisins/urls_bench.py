"""The site's URLs plus the benchmark's floor: the smallest Django view rendering a template,
whose throughput measured in the same run is what the pages are compared with."""

from django.shortcuts import render
from django.urls import path

from .urls import handler500  # noqa: F401  (the maintenance page during a database outage)
from .urls import urlpatterns as site_urlpatterns


def floor(request):
    return render(request, "bench_floor.html", {"message": "Bonjour"})


urlpatterns = [path("banc/plancher/", floor), *site_urlpatterns]
