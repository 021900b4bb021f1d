"""Two application servers, each with its own working folder, over one PostgreSQL and one Redis.

A page saved through one server is found through the other at once, and the public forms'
hourly limit counts a sender's messages across both. Runs in `make test-postgres`; skipped on
the embedded default, where one server is the design.
"""

import datetime
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import TransactionTestCase
from haystack import connections

from tests.factories import make_section
from tests.search.test_index import database_url


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """A person's browser against one server: cookies, and the CSRF token forms need."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect
        )

    def request(self, path, data=None):
        if data is not None:
            data = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.token()}, True)
            data = data.encode()
        try:
            with self.opener.open(self.base + path, data=data, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def token(self):
        return next((cookie.value for cookie in self.jar if cookie.name == "csrftoken"), "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer to check, not to follow


class TwoServersTests(TransactionTestCase):
    def setUp(self):
        backend = connections["default"].get_backend()
        if connection.vendor != "postgresql" or not settings.REDIS_URL:
            self.skipTest("needs PostgreSQL and REDIS_URL (make test-postgres)")
        if not getattr(backend, "transactional", False):
            self.skipTest("needs a search engine that lives in the database")
        backend.clear()
        self.servers = [self.start(name) for name in ("a", "b")]

    def start(self, name):
        port = free_port()
        folder = self.enterContext(tempfile.TemporaryDirectory(prefix=f"server-{name}-"))
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(connection.settings_dict),
            "PORTAL_VAR_DIR": folder,  # nothing shared on disk: each has its own
            "TEST_WHOOSH_INDEX_PATH": os.path.join(folder, "index"),
            "TEST_CACHE_PREFIX": f"two-servers-{self.id()}",
        }
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        self.addCleanup(self.stop, server)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/sok/", timeout=5).close()
                return base
            except OSError:
                time.sleep(0.2)
        self.fail(f"server {name} did not start: {server.stderr.read1(2000)!r}")

    def stop(self, server):
        server.terminate()
        server.wait(timeout=20)
        server.stderr.close()

    def test_a_save_on_one_server_is_found_on_the_other(self):
        section = make_section(title="Drift", slug="drift")
        User.objects.create_superuser("redaktor", "r@example.org", "lösenord-för-test")
        editor = Browser(self.servers[0])
        editor.request("/admin/login/")
        status, _body = editor.request("/admin/login/", {
            "username": "redaktor", "password": "lösenord-för-test", "next": "/admin/",
        })  # fmt: skip
        self.assertEqual(status, 302)
        editor.request("/admin/handbook/page/add/")
        status, body = editor.request("/admin/handbook/page/add/", {
            "section": section.pk, "title": "Molntjänster i flera servrar", "slug": "moln",
            "summary": "Om molntjänster.", "body": "Molntjänster på två servrar samtidigt.",
            "tags": "", "is_published": "on", "owner": "Kommunikation",
            "owner_email": "k@example.org", "last_reviewed": datetime.date(2026, 1, 1),
            "review_interval_months": 12, "order": 0,
        })  # fmt: skip
        self.assertEqual(status, 302, re.findall(r'class="errorlist[^>]*>(.*?)</ul>', body))
        reader = Browser(self.servers[1])
        status, body = reader.request("/sok/?q=molntj%C3%A4nster")
        self.assertEqual(status, 200)
        self.assertIn("Molntjänster i flera servrar", body)

    def test_the_hourly_limit_counts_across_both_servers(self):
        senders = [Browser(base) for base in self.servers]
        for sender in senders:
            sender.request("/synpunkter/")  # the form sets the CSRF cookie
        message = {"topic": "accessibility", "page": "/handbok/", "message": "Knappen syns inte.",
                   "reply_to": "", "webbplats": ""}  # fmt: skip
        statuses = [senders[n % 2].request("/synpunkter/", message)[0] for n in range(6)]
        self.assertEqual(statuses, [302, 302, 302, 302, 302, 429])
