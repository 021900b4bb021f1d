"""Searching through the configured connection, whatever engine HAYSTACK_CONNECTIONS names.

An engine of ours answers a whole results page with `find()`. A stock haystack engine (Whoosh,
Elasticsearch, Solr …) gets the plainer page that haystack's SearchQuerySet can give: hits in
its order, no facets, no pins; and if it fails, the reader gets an empty page, never an error.
"""

import logging

from django.utils.html import escape
from haystack import connections
from haystack.query import SearchQuerySet

from .backends import analysis
from .models import Synonym
from .results import Hit, Results

log = logging.getLogger(__name__)


def search(text, using="default", **options):
    """Results for one page (see Results): kind, filters (facet -> value), page, per_page,
    pinned."""
    backend = connections[using].get_backend()
    if hasattr(backend, "find"):
        # The editors' synonyms, read as the query is asked: a change needs no rebuild.
        results = backend.find(text, synonyms=Synonym.objects.expansions(text), **options)
        if not results.total and results.suggestion:
            # Nothing found, and a respelling from the index's own words that finds something
            # (see the engines' suggestions): show its results, and say so.
            suggestion = results.suggestion
            corrected = backend.find(
                suggestion, synonyms=Synonym.objects.expansions(suggestion), **options
            )
            if corrected.total:
                corrected.corrected_from, corrected.suggestion = text, ""
                return corrected
        return results
    return _stock_search(text, using, **options)


def warm(using="default"):
    """Read now what a process's first search reads: the word lists queries are parsed with,
    and whatever the engine keeps per process (the Whoosh index opened, its whole-index
    caches built). At national size a new worker's first search took 0.4-0.6 s, then 1-30 ms;
    a new worker calls this before it takes its first request (config/server.py)."""
    analysis.warm()
    backend = connections[using].get_backend()
    if hasattr(backend, "warm"):
        backend.warm()


def _stock_search(text, using, kind="", filters=None, page=1, per_page=10, pinned=()):
    results = Results(query=text, page=page)
    if not text.strip():
        return results
    try:
        found = SearchQuerySet(using=using).auto_query(text)
        if kind:
            found = found.filter(kind=kind)
        for name, value in (filters or {}).items():
            if value:
                found = found.filter(**{name: value})
        results.total = found.count()
        last_page = max(1, -(-results.total // per_page))
        results.page = min(max(page, 1), last_page)
        start = (results.page - 1) * per_page
        results.hits = [
            Hit(identifier=f"{hit.app_label}.{hit.model_name}.{hit.pk}",
                title=getattr(hit, "title", "") or "", url=getattr(hit, "url", "") or "",
                section=getattr(hit, "section", "") or "", kind=getattr(hit, "kind", "") or "",
                snippet=escape(getattr(hit, "summary", "") or ""))
            for hit in found[start : start + per_page]
        ]  # fmt: skip
    except Exception:
        # Whatever the engine's trouble, the reader gets a page, and the log the reason.
        log.exception("Search failed on the %r connection", using)
        return Results(query=text)
    return results
