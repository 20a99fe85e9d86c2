#!/usr/bin/env bash
# `make run`: the site, plus the task worker and the periodic jobs beside it; all stop together.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DEBUG="${DEBUG:-true}"
$PY manage.py db_worker --no-reload >/dev/null 2>&1 &
worker=$!
$PY manage.py run_scheduler >/dev/null 2>&1 &
scheduler=$!
trap 'kill $worker $scheduler 2>/dev/null || true' EXIT INT TERM
echo "Tous voisins 44 : http://127.0.0.1:${PORT:-8000}/ (Ctrl+C pour arrêter ; make stop arrête aussi la base locale)"
$PY manage.py runserver "127.0.0.1:${PORT:-8000}"
