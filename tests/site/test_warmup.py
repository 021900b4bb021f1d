"""A new worker reads before its first request what it would otherwise build on first use
(config/warmup.py, called by config/server.py; tests/site/test_prod.py sees real workers do
it)."""

import gc
import logging
import os
import sys
import types
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.template import engines
from django.test import SimpleTestCase
from granian import wsgi as granian_wsgi

from config import server, warmup


class WarmUpTests(SimpleTestCase):
    def setUp(self):
        self.log = logging.getLogger("tests.warmup")

    def warm(self):
        with self.assertLogs(self.log, level="INFO") as logged:
            warmup.warm(self.log)
        return logged.output

    def test_every_step_runs_and_says_what_it_took(self):
        output = self.warm()
        self.assertRegex(
            output[-1],
            r"Warmed up before the first request: addresses \d+ ms, templates \d+ ms, "
            r"search \d+ ms\.",
        )

    def test_a_step_that_fails_is_logged_and_the_others_still_run(self):
        def broken():
            raise OSError("index unreadable")

        ran = []
        steps = [("search", broken), ("templates", lambda: ran.append("templates"))]
        with mock.patch.object(warmup, "STEPS", steps):
            output = self.warm()
        self.assertIn("Warming up search failed", output[0])
        self.assertIn("OSError: index unreadable", output[0])
        self.assertEqual(ran, ["templates"])
        self.assertRegex(output[-1], r"first request: templates \d+ ms\.$")

    def test_every_template_of_the_portal_is_compiled(self):
        loader = engines["django"].engine.template_loaders[0]  # the cached loader
        loader.reset()
        warmup.templates()
        root = Path(settings.BASE_DIR) / "templates"
        names = {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}
        self.assertGreater(len(names), 50)
        self.assertLessEqual(names, set(loader.get_template_cache))


class WorkerTests(SimpleTestCase):
    """config.server.Worker: what make prod's workers serve (tests/site/test_prod.py sees real
    ones)."""

    def setUp(self):
        self.calls = []

    def app(self, environ, start_response):
        self.calls.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b"ok"]

    def test_a_worker_warms_up_when_it_is_made(self):
        with self.assertLogs(server.log, level="INFO") as logged:
            server.Worker(self.app)
        self.assertIn("Warmed up before the first request", logged.output[-1])

    def test_a_warm_up_that_fails_outright_never_stops_the_worker(self):
        # Raised while the worker starts, granian would start it again and again.
        with (
            mock.patch.object(warmup, "warm", side_effect=ImportError("no search")),
            self.assertLogs(server.log, level="ERROR") as logged,
        ):
            worker = server.Worker(self.app)
        self.assertIn("The warm-up failed", logged.output[0])
        self.assertIn("ImportError: no search", logged.output[0])
        self.assertEqual(worker({"PATH_INFO": "/"}, lambda *args: None), [b"ok"])

    def test_long_lived_objects_are_frozen_once_after_so_many_requests(self):
        self.addCleanup(gc.unfreeze)
        gc.unfreeze()
        with mock.patch.object(server, "warm_up"):
            worker = server.Worker(self.app, freeze_after=3)
        with self.assertNoLogs(server.log):
            for n in range(3):
                worker({"PATH_INFO": f"/{n}"}, lambda *args: None)
        self.assertEqual(gc.get_freeze_count(), 0)
        with self.assertLogs(server.log, level="INFO") as logged:
            worker({"PATH_INFO": "/3"}, lambda *args: None)
        self.assertGreater(gc.get_freeze_count(), 10_000)  # Django and the portal, at least
        self.assertRegex(logged.output[0], r"Froze \d+ long-lived objects after 3 requests")
        gc.unfreeze()
        with self.assertNoLogs(server.log):
            for n in range(4, 10):
                worker({"PATH_INFO": f"/{n}"}, lambda *args: None)
        self.assertEqual(gc.get_freeze_count(), 0)  # once
        self.assertEqual(self.calls, [f"/{n}" for n in range(10)])  # every request served

    def test_zero_never_freezes(self):
        self.addCleanup(gc.unfreeze)
        gc.unfreeze()
        with mock.patch.object(server, "warm_up"):
            worker = server.Worker(self.app, freeze_after=0)
        for n in range(5):
            worker({"PATH_INFO": f"/{n}"}, lambda *args: None)
        self.assertEqual(gc.get_freeze_count(), 0)
        self.assertEqual(len(self.calls), 5)

    def test_the_process_environment_never_reaches_the_application(self):
        """granian copies os.environ into every request's environ (see config/server.py): a
        request built as granian builds it reaches the application with its own variables
        only."""
        seen, sent = [], []

        def app(environ, start_response):
            seen.append(dict(environ))
            start_response("200 OK", [])
            return [b"ok"]

        process = {"DJANGO_SECRET_KEY": "s3cret", "DATABASE_URL": "postgres://u:pw@db/x",
                   "HTTP_PROXY": "http://u:pw@proxy:3128", "REMOTE_USER": "svc",
                   "CONTENT_LENGTH": "9", "SERVER_NAME": "from-the-process"}  # fmt: skip
        request = {"REQUEST_METHOD": "POST", "PATH_INFO": "/", "QUERY_STRING": "",
                   "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000",
                   "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.9",
                   "wsgi.url_scheme": "http", "HTTP_HOST": "127.0.0.1", "CONTENT_LENGTH": "3",
                   "HTTP_X_SENT": "yes"}  # fmt: skip
        with mock.patch.object(server, "warm_up"), mock.patch.dict("os.environ", process):
            environment = dict(os.environ)
            serve = granian_wsgi._callback_wrapper(server.Worker(app), {})
        proto = types.SimpleNamespace(response_bytes=lambda *answer: sent.append(answer))
        serve(proto, request)
        self.assertEqual(sent, [(200, [], b"ok")])
        [environ] = seen
        self.assertEqual({name: environ.get(name) for name in request}, request)
        self.assertFalse((environment.keys() - request.keys()) & environ.keys())
        self.assertNotIn("DJANGO_SECRET_KEY", environ)  # the case the rule above covers

    def test_the_application_make_prod_names_is_the_one_served(self):
        module = types.SimpleNamespace(application=object(), other=object())
        with mock.patch.dict(sys.modules, {"portal_served": module}):
            self.assertIs(server.load("portal_served:other"), module.other)
            self.assertIs(server.load("portal_served"), module.application)
