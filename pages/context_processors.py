from django.conf import settings


def site(request):
    return {"SITE_NAME": "Tous voisins 44", "SITE_URL": settings.SITE_URL}
