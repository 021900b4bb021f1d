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
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/, user admin, password admin)"
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

# Production settings: needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (see .env.example).
prod: messages
	DJANGO_SETTINGS_MODULE=config.settings.prod $(MANAGE) check --deploy
	DJANGO_SETTINGS_MODULE=config.settings.prod $(MANAGE) collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=config.settings.prod $(MANAGE) migrate --noinput -v0
	DJANGO_SETTINGS_MODULE=config.settings.prod $(MANAGE) update_index -v0
	DJANGO_SETTINGS_MODULE=config.settings.prod $(VENV)/bin/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers 2

clean:
	rm -rf $(VENV) var
