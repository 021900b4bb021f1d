# The few verbs a newcomer needs. `make run` and `make test` set everything up themselves.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test test-sqlite test-postgres prod lint messages install chromium checkers gettext clean

# Re-install only when the dependencies change.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Debian's gettext compiles the translation catalogue; installed when missing and we are root.
gettext:
	@command -v msgfmt >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else echo "Please install gettext (msgfmt), e.g. sudo apt-get install gettext" >&2; exit 1; fi; }

messages: install gettext
	$(MANAGE) compilemessages --ignore=$(VENV) --ignore=var -v0

# Debian's Chromium for the browser tests; Playwright never downloads a browser of its own.
chromium:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Please install Chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

# axe-core and the Nu HTML Checker for the accessibility suite (package.json), plus Java for the
# checker. npm ci installs exactly the lock file's versions; the packages' install scripts never run.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "Please install Node.js and npm: sudo apt-get install nodejs npm" >&2; exit 1; fi; }
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "Please install Java: sudo apt-get install default-jre-headless" >&2; exit 1; fi; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

checkers: node_modules/.installed

run: messages
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_demo
	$(MANAGE) rebuild_index --noinput -v0
	$(MANAGE) ensure_demo_admin
	$(MANAGE) ensure_demo_users
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/, user admin, password admin; roles: kommunikator/kommunikator, kultur/kultur; staff: medarbetare/medarbetare)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The whole suite twice: on the embedded default (SQLite, local Whoosh, per-process cache) and on
# PostgreSQL with a shared Redis cache, both started privately on 127.0.0.1 and stopped after.
test: test-sqlite test-postgres

test-sqlite: messages chromium checkers lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run -v0
	$(VENV)/bin/pytest --numprocesses=auto

test-postgres: messages chromium checkers
	PORTAL_SEARCH_ENGINE=postgres scripts/with-services $(VENV)/bin/pytest --numprocesses=auto

# Production settings on this machine with no setup (README, Deployment): a secret generated once
# into $(PROD_VAR)/secret_key (ignored by git) unless DJANGO_SECRET_KEY is given, localhost as the
# host, no redirect to HTTPS (put a TLS proxy in front for real use), granian with WORKERS
# processes of THREADS threads each for the application (config/server.py). granian, not
# gunicorn: its HTTP is Rust, not Python, and on this machine (2 workers, wrk -c16) it answered
# a kept page 18 000-28 000 times a second where gunicorn's threaded workers answered
# 6 400-6 600, and a hello-world application 56 000-61 000 against 10 400; uncached pages cost
# about the same or a little less. An export streams to a slow reader with the worker's memory
# unchanged (118 MB, gunicorn's 158).
# No request is cut off for taking long (an export of 100 000 accounts streams for 1-2 minutes;
# tests/site/test_prod.py runs one longer than the timeout): TIMEOUT (30 s; 1 to 60) is how long
# a client may take to send its request's headers, and a stop gives requests 10 s to finish.
# Stop it with SIGTERM to the main process, whose id is in $(PROD_VAR)/granian.pid:
# granian then stops its workers itself. A worker that dies ends the server, for whatever
# supervises it to start again: granian's own restart of a dead worker (--respawn-failed-workers)
# raced with a stop signalled to the whole process group (Ctrl-C, systemd's default) and left
# the server hanging in 2 of 9 stops here. Each worker listens on a socket of its own
# (SO_REUSEPORT): two servers started on one port by the same user share it instead of the
# second failing.
# No access log unless ACCESS_LOG names a file (- for standard output): it would keep every
# reader's IP address, which the portal keeps nowhere else, and the proxy in front logs
# requests under its own retention.
WORKERS ?= 2
THREADS ?= 4
TIMEOUT ?= 30
ACCESS_LOG ?=
# A worker freezes its long-lived objects after this many requests (config/server.py); 0 never.
FREEZE_AFTER ?= 100
# Only on the command line (make prod WSGI_APP=…), never from the environment: bench/floor.py
# serves the portal with parts of a page's work taken away (bench/floor_app.py).
WSGI_APP = config.wsgi:application
PROD_VAR := $(or $(PORTAL_VAR_DIR),var)
PROD_ENV = DJANGO_SETTINGS_MODULE=config.settings.prod \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $(PROD_VAR)/secret_key)}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1}" \
	DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-false}" \
	PORTAL_SITE_URL="$${PORTAL_SITE_URL:-http://127.0.0.1:$(PORT)}"

prod: messages
	@mkdir -p $(PROD_VAR)
	@test -n "$$DJANGO_SECRET_KEY" || test -s $(PROD_VAR)/secret_key || { umask 077 && \
	  $(PY) -c "import secrets; print(secrets.token_urlsafe(64))" > $(PROD_VAR)/secret_key; }
	$(PROD_ENV) $(MANAGE) check --deploy
	$(PROD_ENV) $(MANAGE) collectstatic --noinput -v0
	$(PROD_ENV) $(MANAGE) migrate --noinput -v0
	$(PROD_ENV) $(MANAGE) analyze_database
	$(PROD_ENV) $(MANAGE) ensure_index -v0
	@echo "Serving $(WSGI_APP) on http://127.0.0.1:$(PORT)/ with $(WORKERS) workers of $(THREADS) threads (production settings)"
	$(PROD_ENV) PORTAL_GC_FREEZE_AFTER=$(FREEZE_AFTER) PORTAL_WSGI_APP=$(WSGI_APP) \
	  PORTAL_ACCESS_LOG="$(ACCESS_LOG)" exec $(VENV)/bin/granian --interface wsgi \
	  --factory config.server:serve --host 127.0.0.1 --port $(PORT) \
	  --workers $(WORKERS) --blocking-threads $(THREADS) \
	  --http1-header-read-timeout $(TIMEOUT)000 --workers-kill-timeout 10 \
	  --pid-file $(PROD_VAR)/granian.pid \
	  $(if $(ACCESS_LOG),--access-log)

clean:
	rm -rf $(VENV) var
