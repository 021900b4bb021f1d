"""gunicorn's hooks for `make prod` (its command line sets the rest).

A worker freezes its long-lived objects once it has served FREEZE_AFTER requests. By then it
holds what lives as long as it does: compiled templates, URL patterns, the search index's
readers and sets, the filters' thousands of choices. Python's full garbage collections look at
every object the collector tracks, and at national size they took 52-76 ms, every second or
two under load: the slowest 1 % of registry-list requests waited 80-95 ms for them
(bench/serving.py, one connection). Frozen objects are left out of every later collection; a
full one then finds nothing above 2 ms. gc.collect() first, so that no garbage is frozen.

What is frozen is never collected, so a cycle among frozen objects that later becomes garbage
stays: the objects one process made in its first requests, a bounded amount, once.

Before its first request a worker reads what it would otherwise build on first use: the search's
word lists and index caches, the URL patterns, the templates (config/warmup.py).
"""

import gc
import os
import threading

FREEZE_AFTER = int(os.environ.get("PORTAL_GC_FREEZE_AFTER") or 100)  # 0: never
_counting = threading.Lock()


def post_worker_init(worker):
    # Anything raised here would stop the worker before it served, and gunicorn then stops the
    # whole server ("Worker failed to boot"): a warm-up is never worth that.
    try:
        from django.apps import apps

        if not apps.is_installed("search"):  # not the portal (bench/bare.py's yardstick)
            return
        from config import warmup

        warmup.warm(worker.log)
    except Exception:
        worker.log.exception("The warm-up failed: the first requests pay for what it reads.")


def post_request(worker, req, environ, resp):
    with _counting:  # the worker's threads end requests side by side
        worker.portal_served = served = getattr(worker, "portal_served", 0) + 1
    if served == FREEZE_AFTER:
        gc.collect()
        gc.freeze()
        worker.log.info(
            "Froze %d long-lived objects after %d requests: full garbage collections skip them.",
            gc.get_freeze_count(),
            served,
        )
