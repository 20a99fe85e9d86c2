"""Settings shared by every environment; each value that differs comes from the environment.

Every variable read here is listed, with its default, in README.md and .env.example.
"""

from pathlib import Path

import environ

from tousvoisins import localdb

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-tousvoisins-44")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Name and address of the hosting provider, shown in the legal notice (a legal obligation).
HOSTING_PROVIDER = env(
    "HOSTING_PROVIDER",
    default="Le site est hébergé en France par le prestataire choisi par le Département de Loire-Atlantique.",
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "leaflet",
    "taggit",
    "django_tasks_db",
    "tousvoisins",
    "accounts",
    "pages",
    "events",
    "referents",
    "profiles",
    "news",
    "links",
    "forum",
    "helpboard",
    "communities",
    "dashboard",
]

MIDDLEWARE = [
    # First, so that every log line of the request carries its id (tousvoisins.logs).
    "tousvoisins.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above the caches' middleware, so that what they answer carries it too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before anything reads the path, the query or the form: a NUL character answers 400.
    "tousvoisins.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pages.middleware.VaryOnReadingComfortMiddleware",
    # The interface language, from its cookie (French by default); before the page cache reads it.
    "tousvoisins.languages.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Whole pages for visitors without a session; inside it nothing reads the session or the user.
    "pages.page_cache.AnonymousPageCacheMiddleware",
    # Kept feeds (agenda.ics, flux.xml) for readers without a session, likewise.
    "tousvoisins.stamped.StampedFeedMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SuspensionMiddleware",
    "accounts.middleware.CharterMiddleware",
    # After the sign-in is known: moderators reach the back office only with a second factor.
    "accounts.middleware.ModeratorSecondFactorMiddleware",
]

ROOT_URLCONF = "tousvoisins.urls"
WSGI_APPLICATION = "tousvoisins.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "pages.context_processors.site",
                "profiles.context_processors.unread_messages",
            ],
        },
    },
]
# Forms render through templates/django/forms/ so every field gets its label, error and
# aria-describedby the same way.
FORM_RENDERER = "tousvoisins.forms.FormRenderer"

# Database: DATABASE_URL, else the project-local cluster that `make run` starts.
DATABASES = {"default": env.db("DATABASE_URL", default=localdb.database_url())}
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
# A new PostGIS connection costs ~15 ms: keep them, and check them before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No JIT compilation: a page's queries read a few dozen rows, but on a large membership or agenda
# PostgreSQL's cost estimates pass jit_above_cost and it spends 150–200 ms compiling a query that
# runs in 20 (measured on the benchmark's L data, "Mes affinités"). No parallel workers either: a
# request's query runs in its own process, as the other requests need the other cores (at L, the
# capped count of a territory's agenda took 21 ms with two workers, 10 ms without).
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = f"{_options.get('options', '')} -c jit=off -c max_parallel_workers_per_gather=0".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The database cache by default so that rate limits are shared by all worker processes.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://django_cache")}
# The database cache keeps 300 entries unless told otherwise, and culls a third of them when it
# passes that: the page cache, the feeds and the copies shared by every worker
# (tousvoisins.fragments.kept(shared=True): event pages, month grids, printed sheets) need more.
if CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20000)
# Several app servers (README, "Deploying on several machines"): with REDIS_URL, the cache (rate
# limits, cached feeds and pages) and the sessions live in Redis, shared by every server. Sessions
# are also written to PostgreSQL (cached_db): a Redis restart signs nobody out.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down: pages keep being served, without the cache (tousvoisins.cache_backends).
            "BACKEND": "tousvoisins.cache_backends.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="tousvoisins"),
            # Fail fast rather than hold a worker while Redis is unreachable.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Kept in each process, checked against the shared content stamps on each request, so that a
# change shows at once on every server: rows of lists rendered once (tousvoisins.fragments, about
# 2 KB a row) and the copies of whole pages and feeds this process served (pages.page_cache,
# tousvoisins.stamped; 10 to 900 KB each). Both bounded.
PROCESS_CACHES = {
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    "local_copies": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "local-copies",
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}
CACHES.update(PROCESS_CACHES)

# The content stamps are written to the database too, and read back from there by a cache that
# lost them (flushed, restarted): what each worker kept under them stays good
# (tousvoisins.content_stamp).
CONTENT_STAMPS_IN_DATABASE = True

# Published content whose save or delete changes a stamp of tousvoisins.content_stamp (and so
# refreshes the cached anonymous pages and the feeds at once): "app_label.Model": area.
CONTENT_STAMP_MODELS = {
    # Thème names and pictograms are on rows of every list (tousvoisins.fragments).
    "tousvoisins.Theme": "themes",
    # So are the names of communes and intercommunalités (rows, the filters' choices): rare edits.
    "tousvoisins.Commune": "themes",
    "tousvoisins.Intercommunalite": "themes",
    "events.Event": "agenda",
    "events.Occurrence": "agenda",
    "events.Participation": "agenda",
    "events.WaitingListEntry": "agenda",
    # A person registered by a referent takes a place, and counts on the dashboard.
    "events.ProxyRegistration": "agenda",
    "news.NewsItem": "news",
    "forum.Category": "forum",
    "forum.Topic": "forum",
    "forum.Post": "forum",
    "links.Category": "links",
    "links.Link": "links",
    "referents.Referent": "referents",
    "referents.Permanence": "referents",
    # A referent's card shows their scope's thèmes and intercommunalités.
    "accounts.Scope": "referents",
    "helpboard.Help": "helpboard",
    "helpboard.Answer": "helpboard",
    "communities.Community": "communities",
    "communities.Membership": "communities",
    "communities.GuestMember": "communities",
    # Members' cards and suggestions (profiles.cards): profiles, their three sets of words, the
    # words themselves, and blocks (who is suggested to whom); closed accounts: profiles.cards.
    "profiles.Profile": "members",
    "profiles.InterestItem": "members",
    "profiles.SkillItem": "members",
    "profiles.WishItem": "members",
    "profiles.Tag": "members",
    "accounts.Block": "members",
}
# Whole pages kept for visitors who are not signed in (pages.page_cache): the paths that start
# with one of these; anything with a form carrying a CSRF token is never kept, wherever it is.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_PREFIXES = [
    "/agenda/",
    "/referents/",
    "/actualites/",
    "/liens-utiles/",
    "/forum/",
    "/coups-de-pouce/",
    "/communautes/",
    "/accessibilite/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/plan-du-site/",
    "/aide/",
    "/charte/",
    "/donnees-ouvertes/",
]
PAGE_CACHE_EXACT = ["/"]
# Feeds and files under those paths have their own cache with conditional answers
# (tousvoisins.stamped, the open-data files, the kept PDF): the page cache leaves them alone.
PAGE_CACHE_SKIPPED_SUFFIXES = (".ics", ".xml", ".json", ".csv", ".ods", ".pdf")
# A page is rebuilt at most this often even when nothing changed (dates move with time).
PAGE_CACHE_FRESH_SECONDS = env.int("PAGE_CACHE_FRESH_SECONDS", default=300)
# A request header (in request.META form) that skips the page cache: the benchmark's uncached runs.
PAGE_CACHE_BYPASS_HEADER = None

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: sign-up by e-mail, verified before anything else.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_FORMS = {
    "login": "accounts.allauth_forms.LoginForm",
    "signup": "accounts.allauth_forms.SignupForm",
    "reset_password": "accounts.allauth_forms.ResetPasswordForm",
    "add_email": "accounts.allauth_forms.AddEmailForm",
}
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
# Second factor (allauth.mfa): an authenticator app (TOTP) and single-use recovery codes. Required
# for moderators (accounts.middleware.ModeratorSecondFactorMiddleware), offered to referents.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MODERATORS_NEED_SECOND_FACTOR = env.bool("MODERATORS_NEED_SECOND_FACTOR", default=True)
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_TOTP_ISSUER = "Tous voisins 44"
MFA_FORMS = {
    "authenticate": "accounts.allauth_forms.AuthenticateForm",
    "reauthenticate": "accounts.allauth_forms.ReauthenticateForm",
    "activate_totp": "accounts.allauth_forms.ActivateTOTPForm",
}
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Per account + IP address (accounts.adapters): wrong passwords lock out only where they
    # came from; a browser that signed in to the account before has only the per-address limit.
    "login_failed": "10/m/ip,5/5m/key",
    "login_failed_known_device": "10/m/ip",
    "signup": "20/h/ip",
    "send_email": "5/m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "confirm_email": "1/3m/key",
}

# French is the source language and the default; the others translate the interface only
# (docs in the README, "Traduire le site"). Each is named in itself, as the language menu shows it.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English"), ("ar", "العربية"), ("uk", "Українська")]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded pictures: on local disk (MEDIA_ROOT), or in an S3-compatible bucket when
# AWS_STORAGE_BUCKET_NAME is set (several app servers; django-storages, boto3).
MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage"}
    # Unset: Amazon S3 itself; else the provider's address, e.g. https://s3.fr-par.scw.cloud.
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    # Unset: boto3 finds them itself (environment, instance role).
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
    AWS_LOCATION = env("AWS_LOCATION", default="media")
    # Signed links that expire (a private bucket), unless the bucket is served publicly under
    # AWS_S3_CUSTOM_DOMAIN (a CDN or the web server in front of it).
    AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=True)
    AWS_QUERYSTRING_EXPIRE = env.int("AWS_QUERYSTRING_EXPIRE", default=3600)
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_S3_ADDRESSING_STYLE = env("AWS_S3_ADDRESSING_STYLE", default=None)
    # A name already taken gets a new one (as on disk), never overwrites another member's picture.
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads: refused past this size before Pillow ever opens them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: files in .local/mails/ in development (settings.local), SMTP in production (EMAIL_URL),
# locmem in tests.


def mailers_from_url(url):
    """MAILERS (Django 6.1) from an EMAIL_URL such as smtp+tls://user:pass@host:587."""
    config = environ.Env.email_url_config(url)
    options = {
        "host": config.get("EMAIL_HOST"),
        "port": config.get("EMAIL_PORT"),
        "username": config.get("EMAIL_HOST_USER"),
        "password": config.get("EMAIL_HOST_PASSWORD"),
        "use_tls": config.get("EMAIL_USE_TLS"),
        "use_ssl": config.get("EMAIL_USE_SSL"),
        "file_path": config.get("EMAIL_FILE_PATH"),
    }
    if config["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
        options["timeout"] = 10
        options.pop("file_path")
    elif config["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
        options = {"file_path": options["file_path"]}
    else:
        options = {}
    return {
        "default": {"BACKEND": config["EMAIL_BACKEND"], "OPTIONS": {k: v for k, v in options.items() if v}}
    }


def mailers_to_folder(path):
    """MAILERS writing each e-mail, readable, to a file of the folder `path` (development)."""
    backend = "tousvoisins.mail.FolderEmailBackend"
    return {"default": {"BACKEND": backend, "OPTIONS": {"file_path": str(path)}}}


MAILERS = mailers_from_url(env("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Tous voisins 44 <ne-pas-repondre@tousvoisins44.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the contact form and reports go when no moderator account has an address yet.
MODERATION_EMAILS = env.list("MODERATION_EMAILS", default=["moderation@tousvoisins44.fr"])

# Background tasks (e-mails, imports): stored in PostgreSQL, run by `manage.py run_worker`.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

# Periodic jobs: idempotent commands and how often to run them (seconds). `make run` runs
# them with `manage.py run_scheduler`; production uses cron or systemd timers (README).
PERIODIC_JOBS = {
    "prune_db_task_results --min-age-days 7": 24 * 3600,
    "extend_occurrences": 24 * 3600,
    "import_external_agendas": 6 * 3600,
    "clean_pending_pictures": 24 * 3600,
    "send_message_notifications": 15 * 60,
    "send_event_reminders": 3600,
    "expire_waiting_offers": 15 * 60,
    "send_weekly_digest": 3600,
    "purge_expired_personal_data": 24 * 3600,
    "check_links": 24 * 3600,
    "send_forum_notifications": 15 * 60,
    "send_report_notifications": 15 * 60,
    "publish_open_data": 15 * 60,
    "prepare_feed_texts": 15 * 60,
    "build_member_matches": 3600,
}

# Content Security Policy: no inline script or style anywhere.
from django.utils.csp import CSP  # noqa: E402

MAP_TILES_URL = env(
    "MAP_TILES_URL",
    default=(
        "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
        "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&FORMAT=image/png"
        "&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
    ),
)
MAP_TILES_ATTRIBUTION = env("MAP_TILES_ATTRIBUTION", default="© IGN – Plan IGN")
_tiles_origin = "/".join(MAP_TILES_URL.split("/")[:3])

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", _tiles_origin],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (47.35, -1.7),
    "DEFAULT_ZOOM": 9,
    "MIN_ZOOM": 7,
    "MAX_ZOOM": 18,
    "RESET_VIEW": False,
    "TILES": [("Plan IGN", MAP_TILES_URL, {"attribution": MAP_TILES_ATTRIBUTION})],
}

SILENCED_SYSTEM_CHECKS = [
    # GDAL < 3.9 on Debian 12; nothing to do until the distribution moves.
    "gis.W001",
]

# Optional address geocoder (the national address base); empty = commune centre.
GEOCODER_URL = env("GEOCODER_URL", default="")
GEOCODER_TIMEOUT = env.float("GEOCODER_TIMEOUT", default=2.0)
# Liens utiles: how long `check_links` waits for each site (seconds).
LINKS_CHECK_TIMEOUT = env.float("LINKS_CHECK_TIMEOUT", default=5.0)
# Seconds an external agenda's server has to send its whole feed.
# Reverse proxies in front of the app servers (0: the app is reached directly). Rate limits and
# the sign-up record then read the visitor's address from X-Forwarded-For.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "tousvoisins.client_ip.client_ip"
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

EVENT_IMPORT_TIMEOUT = env.float("EVENT_IMPORT_TIMEOUT", default=10.0)

# Days after its date that a person registered by a referent (first name, phone, address) is
# kept, for a question after the event; then `purge_expired_personal_data` erases them.
PHONE_REGISTRATION_RETENTION_DAYS = env.int("PHONE_REGISTRATION_RETENTION_DAYS", default=30)
# Waiting lists: the first in line has this long to take a freed place; when the date is nearer,
# half the time left before it, but at least WAITING_LIST_MIN_OFFER_HOURS (events.models.offer_deadline).
WAITING_LIST_OFFER_HOURS = env.int("WAITING_LIST_OFFER_HOURS", default=48)
WAITING_LIST_MIN_OFFER_HOURS = env.int("WAITING_LIST_MIN_OFFER_HOURS", default=2)

# Logs (tousvoisins.logs): every line carries the request id and no personal data; LOG_FORMAT=json
# writes JSON lines (the production default), "text" readable lines (development).
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "tousvoisins.logs.RequestIdFilter"},
        "personal_data": {"()": "tousvoisins.logs.PersonalDataFilter"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {"()": "tousvoisins.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "personal_data"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
