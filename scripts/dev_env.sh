# The environment of `make run`, sourced by scripts/serve.sh (and by tests/core/test_dev_settings.py).
# A value given in the environment or written in .env wins over these defaults.

in_dotenv() {
  grep -qsE "^[[:space:]]*(export[[:space:]]+)?$1=" .env
}

export PORT="${PORT:-8000}"
if [ -z "${DEBUG:-}" ] && ! in_dotenv DEBUG; then
  export DEBUG=true
fi
# Absolute links (e-mails, printed agenda, iCalendar) follow the port the site is served on.
if [ -z "${SITE_URL:-}" ] && ! in_dotenv SITE_URL; then
  export SITE_URL="http://127.0.0.1:${PORT}"
fi
# What the task worker and the periodic jobs print; the worker sends every e-mail.
WORKER_LOG=.local/worker.log
# Where e-mails are written when EMAIL_URL is not set (MAIL_FOLDER in tousvoisins/settings/local.py).
MAIL_FOLDER=.local/mails
if [ -n "${EMAIL_URL:-}" ] || in_dotenv EMAIL_URL; then
  MAIL_FOLDER=""
fi
