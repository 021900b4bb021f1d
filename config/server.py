"""The application `make prod`'s workers serve (granian): make prod's WSGI_APP
(config.wsgi:application unless a benchmark names another, bench/floor.py) as a Worker.

granian calls serve() in each worker process, after the worker has forked and before it takes a
connection, so what a Worker does when it is made is done once per worker, before its first
reader:

- It reads what it would otherwise build on first use: the search's word lists and index
  caches, the URL patterns, the templates (config/warmup.py).
- Once it has served FREEZE_AFTER requests it freezes its long-lived objects. By then it holds
  what lives as long as it does: compiled templates, URL patterns, the search index's readers
  and sets, the filters' thousands of choices. Python's full garbage collections look at every
  object the collector tracks, and at national size they took 52-76 ms, every second or two
  under load: the slowest 1 % of registry-list requests waited 80-95 ms for them
  (bench/serving.py, one connection). Frozen objects are left out of every later collection; a
  full one then finds nothing above 2 ms. gc.collect() first, so that no garbage is frozen; the
  request after the Nth waits for it (50-75 ms at national size, once per worker), where
  gunicorn's hook ran it after a response.
  What is frozen is never collected, so a cycle among frozen objects that later becomes garbage
  stays: the objects one process made in its first requests, a bounded amount, once.

granian puts its whole process environment into every request's WSGI environ (a copy of
os.environ under the request's own variables), and Django would show it as request.META: the
secret key, the database's address and password. A Worker takes those out before the
application sees the request.

The access log, when ACCESS_LOG names a file, is granian's, written there (make prod).
"""

import gc
import importlib
import logging
import os
import threading

FREEZE_AFTER = int(os.environ.get("PORTAL_GC_FREEZE_AFTER") or 100)  # 0: never
log = logging.getLogger(__name__)
# What granian sets from every request itself, over anything the process's environment holds
# under the same name: never taken out.
REQUEST = frozenset({"REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "SERVER_NAME",
                     "SERVER_PORT", "SERVER_PROTOCOL", "SERVER_SOFTWARE", "GATEWAY_INTERFACE",
                     "REMOTE_ADDR"})  # fmt: skip


class Worker:
    """A WSGI application served by one worker process: warmed up when made, frozen once it has
    served `freeze_after` requests (see the module's docstring)."""

    def __init__(self, application, freeze_after=FREEZE_AFTER):
        self.application = application
        self.freeze_after = freeze_after
        self.served = 0
        self._counting = threading.Lock()  # the worker's threads take requests side by side
        warm_up()
        # The process's variables as granian copies them (it reads os.environ after this).
        self.inherited = {name: value for name, value in os.environ.items() if name not in REQUEST}

    def __call__(self, environ, start_response):
        # Out goes each of the process's variables that the request did not replace. A name
        # the request may also send (a header such as HTTP_PROXY, or CONTENT_LENGTH and
        # REMOTE_USER, which granian sets only when the request has them) stays when the
        # request gave it a value of its own.
        for name, value in self.inherited.items():
            if environ.get(name) == value:
                del environ[name]
        if self.served <= self.freeze_after:  # only grows: no lock once it is past
            with self._counting:
                if self.served == self.freeze_after and self.freeze_after:
                    freeze(self.served)
                self.served += 1
        return self.application(environ, start_response)


def warm_up():
    # Anything raised here would stop the worker before it served, and with it the server
    # (make prod does not restart workers): a warm-up is never worth that.
    try:
        from django.apps import apps

        if not apps.is_installed("search"):  # not the portal
            return
        from config import warmup

        warmup.warm(log)
    except Exception:
        log.exception("The warm-up failed: the first requests pay for what it reads.")


def freeze(served):
    gc.collect()
    gc.freeze()
    log.info(
        "Froze %d long-lived objects after %d requests: full garbage collections skip them.",
        gc.get_freeze_count(),
        served,
    )


def access_log(path):
    """granian's access log (which make prod turns on only when ACCESS_LOG is set) written to
    the file `path` instead of standard output; "-" keeps standard output."""
    if not path or path == "-":
        return
    logger = logging.getLogger("granian.access")
    for handler in logger.handlers[:]:
        logger.removeHandler(handler)
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)


def load(target):
    """The WSGI application `target` names, "module:name" (name defaults to application)."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name or "application")


def serve():
    """What make prod serves (granian --factory, in each worker): the application
    PORTAL_WSGI_APP names (make prod's WSGI_APP) as a Worker, its access log where
    PORTAL_ACCESS_LOG says."""
    application = load(os.environ.get("PORTAL_WSGI_APP") or "config.wsgi:application")
    access_log(os.environ.get("PORTAL_ACCESS_LOG"))  # after Django has set up its logging
    return Worker(application)
