# Tous voisins 44 — from a fresh clone: `make run` serves the site, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# WeasyPrint (the large-print PDF programme) draws text with Pango and HarfBuzz, in DejaVu fonts.
# nginx and systemd: the tests check deploy/ with `nginx -t` and `systemd-analyze verify`.
# redis-server: the tests of several app servers start their own (sessions, cache, rate limits).
# gettext: msgfmt compiles the translations (locale/*/LC_MESSAGES/django.po) at set-up.
SYSTEM_PACKAGES := postgresql-15-postgis-3 chromium chromium-driver \
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core nginx systemd redis-server gettext
export DJANGO_SETTINGS_MODULE ?= tousvoisins.settings.local

.PHONY: help system venv db migrate data setup run test-setup test test-fast stop lint format bench bench-servers drills backup restore audit clean messages compilemessages

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

system: ## install the Debian packages (PostGIS, GDAL, GEOS, PROJ, Chromium, Pango for PDFs, Redis) when missing
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installation des paquets système :$$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: requirements.lock .python-version
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' || \
	  { echo "Python 3.13 est nécessaire (voir .python-version)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	touch $@

venv: $(VENV)/.installed ## create .venv/ with the locked dependencies

# The compiled catalogues (.mo) are built here, never committed, so they are never out of date.
compilemessages: system venv
	$(PY) manage.py compilemessages -v 0 --ignore=.venv

# After changing interface text: extract the strings into the catalogues (django.po for templates
# and Python, djangojs.po for static JavaScript), then translate them.
messages: system venv ## extract the interface's strings into locale/*/LC_MESSAGES/django.po
	$(PY) manage.py makemessages -v 0 -l en -l ar -l uk --no-obsolete --add-location=file \
	  --ignore=.venv --ignore=tests --ignore=scripts --ignore=staticfiles --ignore=media --ignore=.local
	$(PY) manage.py makemessages -v 0 -d djangojs -l en -l ar -l uk --no-obsolete --add-location=file \
	  --ignore=.venv --ignore=tests --ignore=scripts --ignore=staticfiles --ignore=media --ignore=.local
	$(PY) scripts/po_headers.py

db: system venv ## start the project-local PostgreSQL + PostGIS (unless DATABASE_URL is set)
	@if [ -z "$$DATABASE_URL" ]; then $(PY) -m tousvoisins.localdb start; fi

migrate: db compilemessages
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py createcachetable

data: migrate
	$(PY) manage.py load_territoire
	$(PY) manage.py seed_demo

setup: data

run: setup ## set everything up, then serve on http://127.0.0.1:$(PORT)
	PORT=$(PORT) scripts/serve.sh

test-setup: db compilemessages
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py createcachetable
	$(PY) manage.py load_territoire
	$(PY) manage.py seed_demo
	$(PY) manage.py makemigrations --check --dry-run -v 0

# Tests run on both cores (pytest-xdist, one test database per worker); TEST_WORKERS=0 runs
# them in one process, PYTEST_ARGS picks files or options (e.g. PYTEST_ARGS="tests/forum -x").
TEST_WORKERS ?= 2
PYTEST := DJANGO_SETTINGS_MODULE=tousvoisins.settings.test $(PY) -m pytest -q -n $(TEST_WORKERS)

test: test-setup ## set everything up, then run the whole test suite against PostGIS
	$(PYTEST) $(PYTEST_ARGS)

test-fast: test-setup ## the same without the browser and benchmark tests (the quick loop)
	$(PYTEST) -m "not browser and not bench and not slow" $(PYTEST_ARGS)

bench: db ## seed the département-scale data in a scratch database, measure, write docs/benchmarks.md
	$(PY) scripts/bench.py

bench-servers: db ## gunicorn (sync, gthread) and granian on the same data, taking turns; writes docs/servers.md
	$(PY) scripts/bench_servers.py

backup: db ## back up the database and the media folder into backups/<time>/ (KEEP=n keeps the n newest)
	$(PY) manage.py backup $(if $(KEEP),--keep $(KEEP))

restore: db ## replace the database and the media folder by a backup (BACKUP=backups/<time>; default: the newest)
	$(PY) manage.py restore $(BACKUP)

drills: db ## fault drills (PostgreSQL restarted, workers killed, mail server down…), PASS or FAIL each
	$(PY) scripts/drills.py $(if $(DRILLS_SERVER),--server $(DRILLS_SERVER)) $(DRILLS_ARGS)

# pip-audit lives in its own virtualenv under .local/ (a tool, not a dependency of the site); it
# asks an online advisory database (PyPI's), so it needs the internet: not part of `make test`.
# --strict: a package it could not look up fails the audit (offline, nothing is checked: never a pass).
AUDIT_VENV := .local/audit-venv
PIP_AUDIT_VERSION := 2.10.1

audit: ## check the locked dependencies against known vulnerabilities (pip-audit, needs the internet)
	@test -x $(AUDIT_VENV)/bin/pip-audit || { $(PYTHON) -m venv $(AUDIT_VENV) && \
	  $(AUDIT_VENV)/bin/python -m pip install -q --disable-pip-version-check pip-audit==$(PIP_AUDIT_VERSION); }
	$(AUDIT_VENV)/bin/pip-audit --requirement requirements.lock --no-deps --disable-pip --strict --progress-spinner off

stop: ## stop the project-local PostgreSQL
	@test -x $(PY) && $(PY) -m tousvoisins.localdb stop || python3 -m tousvoisins.localdb stop

lint: venv ## ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean: stop ## remove the virtualenv and the local database
	rm -rf $(VENV) .local
