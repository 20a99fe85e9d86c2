from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from django_ratelimit.decorators import ratelimit

from accounts.known_devices import admin_login_key, remembering_device
from tousvoisins.admin import AdminLoginForm, referent_guide
from tousvoisins.admin_index import admin_index
from tousvoisins.languages import choose as choose_language
from tousvoisins.languages import member_language

admin.site.site_header = _("Tous voisins 44 — administration")
admin.site.site_title = "Tous voisins 44"
admin.site.index_title = _("Espace des référents et de la modération")
admin.site.login_form = AdminLoginForm

# The admin has its own sign-in form, outside allauth's rate limits: guessing passwords there
# is slowed down the same way (a blocked attempt gets the 403 page), per account + address or per
# account + known browser (accounts.known_devices): nobody can lock a referent out from elsewhere.
admin_login = ratelimit(group="admin-login", key="ip", rate="10/m", method="POST")(
    ratelimit(group="admin-login-name", key=admin_login_key, rate="5/5m", method="POST")(
        remembering_device(admin.site.login)
    )
)

# A database out of reach answers the 503 maintenance page, any other error the 500 page.
handler500 = "tousvoisins.errors.server_error"

urlpatterns = [
    # Before admin.site.urls, whose catch-all would answer 404; admin_view keeps it for staff.
    path("admin/guide/", admin.site.admin_view(referent_guide), name="admin-guide"),
    path("admin/login/", admin_login),
    path("admin/tableau-de-bord/", include("dashboard.admin_urls")),
    # The home with the referents' big buttons (tousvoisins.admin_index); its name stays admin:index.
    path("admin/", admin.site.admin_view(admin_index)),
    path("admin/", admin.site.urls),
    # The language menu's links, and a member's saved language (site and e-mails).
    path("langue/<str:code>/", choose_language, name="choose-language"),
    path("comptes/langue/", member_language, name="language"),
    # The words the scripts show (the maps), in the page's language: locale/*/djangojs.po.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("comptes/", include("accounts.urls")),
    path("comptes/", include("allauth.urls")),
    path("agenda/", include("events.urls")),
    path("referents/", include("referents.urls")),
    path("actualites/", include("news.urls")),
    path("liens-utiles/", include("links.urls")),
    path("forum/", include("forum.urls")),
    path("donnees-ouvertes/", include("dashboard.urls")),
    path("coups-de-pouce/", include("helpboard.urls")),
    path("communautes/", include("communities.urls")),
    # Profiles own several top-level paths: /membres/, /mon-profil/, /messages/.
    path("", include("profiles.urls")),
    path("", include("pages.urls")),
]

# In development only (static() returns nothing unless DEBUG): in production the web server
# serves MEDIA_ROOT, see the README.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
