"""What a new worker reads before its first request (config/server.py, as the worker starts).

Each process builds some things once and keeps them: the search's word lists and index caches,
the URL patterns per language, the compiled templates. Left to the first requests, readers paid
for them: at national size the first search in a new worker took 0.4-0.6 s (then 1-30 ms),
and its first page 100-180 ms. A worker does it before it serves, as part of starting: the
connections the kernel hands it meanwhile (each worker has a socket of its own) wait for it as
they wait for Django to load, about half a second more at national size. Each step may fail
alone: the worker then serves as before, paying on first use, and the log says why.
"""

import time
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

from search import engine


def addresses():
    # Django works its URL patterns out per language, on the first reverse() in each.
    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # also loads the language's catalogue
            get_resolver().reverse_dict  # noqa: B018 (read for its side effect)


def templates():
    """The portal's own templates, compiled into the cached loader."""
    root = Path(settings.BASE_DIR) / "templates"
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            get_template(path.relative_to(root).as_posix())


STEPS = [("addresses", addresses), ("templates", templates), ("search", engine.warm)]


def warm(log):
    """Each step in turn, then log what each took."""
    took = []
    for name, step in STEPS:
        started = time.monotonic()
        try:
            step()
        except Exception:
            log.exception("Warming up %s failed: the first request that needs it pays.", name)
        else:
            took.append(f"{name} {(time.monotonic() - started) * 1000:.0f} ms")
    # No request of this thread's will use a connection a step opened.
    connections.close_all()
    log.info("Warmed up before the first request: %s.", ", ".join(took) or "nothing")
