"""A new worker reads before its first request what it would otherwise build on first use
(config/warmup.py, called by config/gunicorn.py; tests/site/test_prod.py sees real workers do
it)."""

import logging
import types
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.template import engines
from django.test import SimpleTestCase

from config import gunicorn, warmup


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


class WorkerHookTests(SimpleTestCase):
    def setUp(self):
        def notify():
            # gunicorn times a worker out only after its first heartbeat: one sent while it
            # starts would have a slow warm-up kill every new worker.
            raise AssertionError("a heartbeat before the worker serves")

        self.worker = types.SimpleNamespace(log=logging.getLogger("tests.worker"), notify=notify)

    def test_a_worker_warms_up_without_a_heartbeat(self):
        with self.assertLogs(self.worker.log, level="INFO") as logged:
            gunicorn.post_worker_init(self.worker)
        self.assertIn("Warmed up before the first request", logged.output[-1])

    def test_a_warm_up_that_fails_outright_never_stops_the_worker(self):
        # Raised from the hook, gunicorn would stop the whole server ("failed to boot").
        with (
            mock.patch.object(warmup, "warm", side_effect=ImportError("no search")),
            self.assertLogs(self.worker.log, level="ERROR") as logged,
        ):
            gunicorn.post_worker_init(self.worker)
        self.assertIn("The warm-up failed", logged.output[0])
        self.assertIn("ImportError: no search", logged.output[0])
