from django.conf import settings
from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "pages"


def _page(template):
    return TemplateView.as_view(template_name=f"pages/{template}.html")


urlpatterns = [
    path("", views.home, name="home"),
    path("sante/", views.health, name="health"),
    path("mentions-legales/", views.legal_notice, name="legal-notice"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path(
        "donnees-personnelles/",
        TemplateView.as_view(
            template_name="pages/donnees_personnelles.html",
            extra_context={"phone_registration_days": settings.PHONE_REGISTRATION_RETENTION_DAYS},
        ),
        name="privacy",
    ),
    path("plan-du-site/", _page("plan_du_site"), name="sitemap"),
    path("aide/", _page("aide"), name="help"),
    path("territoire/", views.territory_list, name="territories"),
    path("territoire/<str:siren>/", views.territory_detail, name="territory"),
    path("charte/", views.charter, name="charter"),
    path("confort-de-lecture/", views.reading_comfort, name="reading-comfort"),
    path("contact/", views.contact, name="contact"),
    path("contact/merci/", views.contact_sent, name="contact-sent"),
]
