import logging
import os
import shutil
import sqlite3
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from haystack import connections

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
# Chromium's own background connections are refused on this network; keep it quiet and offline.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the live server's database work is
# in its own thread, so Django's async-safety guard would only give false alarms here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Every violation of the Content-Security-Policy that a page of any test meets, seen by the
# page itself (securitypolicyviolation) and by the server (the browser's report to /csp-rapport/,
# which also comes with JavaScript off). A test that met one fails.
CSP_VIOLATIONS = []
# A violation with no source file comes from a script the test itself added (axe-core, injected
# as an init script, adds a <style> of its own): whatever the site serves has an address.
WATCH_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
  if (!event.sourceFile) return;
  window.__portalCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` on ${event.documentURI} (${event.sourceFile}:${event.lineNumber})`);
});
"""


class CspWatchingBrowser:
    """The session's Chromium, with every new context watching for CSP violations."""

    def __init__(self, browser):
        self._browser = browser

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.expose_function("__portalCspViolation", lambda text: CSP_VIOLATIONS.append(text))
        context.add_init_script(WATCH_CSP)
        return context


class CspReports(logging.Handler):
    def emit(self, record):
        if record.args[-1]:  # the report's source file
            CSP_VIOLATIONS.append(record.getMessage())


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield CspWatchingBrowser(browser)
        browser.close()


@pytest.fixture(autouse=True)
def no_csp_violations():
    handler = CspReports()
    logging.getLogger("portal.csp").addHandler(handler)
    CSP_VIOLATIONS.clear()
    yield
    logging.getLogger("portal.csp").removeHandler(handler)
    found = list(dict.fromkeys(CSP_VIOLATIONS))
    CSP_VIOLATIONS.clear()
    assert found == [], "Content-Security-Policy violations:\n" + "\n".join(found[:20])


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, loaded once per session: a copy of its database and of its index.

    Loading it takes seconds; restoring the copies before each test takes milliseconds, and
    every test still starts from the same untouched demo, whatever the test before it changed.
    """
    if connection.vendor != "sqlite":
        return None  # restore() loads the demo for each test instead
    folder = tmp_path_factory.mktemp("demo")
    with django_db_blocker.unblock():
        call_command("clear_index", interactive=False, verbosity=0)
        call_command("load_demo", verbosity=0)
        connection.ensure_connection()
        with sqlite3.connect(folder / "db.sqlite3") as copy:
            connection.connection.backup(copy)
        if index_store() is not None:
            shutil.copytree(index_store().live_generation(), folder / "index")
        # Other tests in this process expect an empty database and index.
        call_command("flush", interactive=False, verbosity=0)
        call_command("clear_index", interactive=False, verbosity=0)
    return folder


def index_store():
    # The embedded engine's folder of index generations (search.backends.whoosh.store); an
    # engine that keeps its index in the database is restored with the database.
    return getattr(connections["default"].get_backend(), "store", None)


def restore(demo):
    if demo is None:
        call_command("clear_index", interactive=False, verbosity=0)
        call_command("load_demo", verbosity=0)
        return
    connection.ensure_connection()
    with sqlite3.connect(demo / "db.sqlite3") as copy:
        copy.backup(connection.connection)
    ContentType.objects.clear_cache()  # ids as in the copy
    store = index_store()
    if store is None:
        return
    generation = store.path / f"g-demo-{uuid.uuid4().hex[:8]}"
    shutil.copytree(demo / "index", generation)
    store.swap(generation)  # an atomic switch, as a rebuild makes


@pytest.fixture
def site(live_server, demo):
    # live_server brings transactional_db, which empties the database after the test.
    restore(demo)
    return live_server.url


@pytest.fixture
def page(browser):
    # An English browser: the site must still open in Swedish.
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type in ("error", "warning") and page.problems.append(m.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("response", lambda r: r.status >= 400 and page.problems.append(f"{r.status} {r.url}"))
    yield page
    context.close()
