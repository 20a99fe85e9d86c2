#!/usr/bin/env bash
# `make run`: the site, plus the task worker and the periodic jobs beside it; all stop together.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
source scripts/dev_env.sh
mkdir -p .local
# Unbuffered, so that the log shows each line as it is written. The worker waits through a
# database outage by itself; should it stop anyway (killed, a crash), it is started again.
(
  trap 'kill $child 2>/dev/null; exit 0' INT TERM
  while true; do
    PYTHONUNBUFFERED=1 $PY manage.py run_worker >>"$WORKER_LOG" 2>&1 &
    child=$!
    wait $child || true
    echo "$(date '+%F %T') le worker s'est arrêté ; il repart dans 2 s" >>"$WORKER_LOG"
    sleep 2
  done
) &
worker=$!
PYTHONUNBUFFERED=1 $PY manage.py run_scheduler >>"$WORKER_LOG" 2>&1 &
scheduler=$!
trap 'kill $worker $scheduler 2>/dev/null || true' EXIT INT TERM
echo "Tous voisins 44 : http://127.0.0.1:${PORT}/ (Ctrl+C pour arrêter ; make stop arrête aussi la base locale)"
echo "Liens dans les e-mails et l'agenda imprimé : ${SITE_URL:-SITE_URL de .env}"
if [ -n "$MAIL_FOLDER" ]; then
  echo "E-mails (confirmation d'inscription comprise) : un fichier par e-mail dans ${MAIL_FOLDER}/"
fi
echo "Journal des tâches de fond (envoi des e-mails) et des tâches périodiques : ${WORKER_LOG}"
$PY manage.py runserver "127.0.0.1:${PORT}"
