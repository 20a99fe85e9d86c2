from .base import *  # noqa: F403
from .base import BASE_DIR, MEDIA_STORAGE, env, mailers_to_folder

# Off unless asked for: `make run` asks (scripts/dev_env.sh), a bare `manage.py` does not.
DEBUG = env.bool("DEBUG", default=False)
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# E-mails are sent by the task worker, in the background: in development each one is written,
# readable, to a file of this folder (the README says where), unless EMAIL_URL says otherwise.
MAIL_FOLDER = BASE_DIR / ".local" / "mails"
if not env("EMAIL_URL", default=""):
    MAILERS = mailers_to_folder(MAIL_FOLDER)
