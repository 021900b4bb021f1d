"""The portal's WSGI application with part of the handbook page's own work taken away, for
bench/floor.py (`BENCH_FLOOR=… make prod WSGI_APP=bench.floor_app:application`).

BENCH_FLOOR names what is taken away:

- "nothing": the portal as `make prod` serves it;
- "template": the view still finds the page and builds its context, then answers with the
  bytes its first request rendered;
- "queries": the view renders its template with the page and context its first request
  found (no queries, no context built);
- "both": the view answers at once with the first request's bytes. What is left is Django's
  request handling, the portal's middleware and the page cache looking up and storing.

Each worker keeps its first request's results, so run one warm-up request per worker first.
Never for serving readers: a kept object or context is never read again.
"""

import os

from django.http import HttpResponse

from config.wsgi import application  # noqa: F401 (served by make prod)
from handbook.views import PageDetailView

LEFT_OUT = os.environ.get("BENCH_FLOOR", "nothing")
if LEFT_OUT not in ("nothing", "template", "queries", "both"):
    raise SystemExit(f"BENCH_FLOOR={LEFT_OUT!r}: say nothing, template, queries or both")

first = {}  # what this worker's first request found and rendered
find_page, build_context = PageDetailView.get_object, PageDetailView.get_context_data
render = PageDetailView.render_to_response


def render_once(view, context, **kwargs):
    if "bytes" not in first:
        first["bytes"] = render(view, context, **kwargs).render().content
    return HttpResponse(first["bytes"], content_type="text/html; charset=utf-8")


def page_once(view, queryset=None):
    if "page" not in first:
        first["page"] = find_page(view, queryset)
    return first["page"]


def context_once(view, **kwargs):
    if "context" not in first:
        first["context"] = build_context(view, **kwargs)
    return {**first["context"], "view": view}


if LEFT_OUT in ("template", "both"):
    PageDetailView.render_to_response = render_once
if LEFT_OUT in ("queries", "both"):
    PageDetailView.get_object = page_once
    PageDetailView.get_context_data = context_once
