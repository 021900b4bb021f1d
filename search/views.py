import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from base import identity, pagecache
from base.ratelimit import RequestLimit
from base.text import printable

from .engine import search as run_search
from .forms import SearchForm
from .models import Promotion, QueryStat
from .results import kinds
from .suggestions import suggest

RESULTS_PER_PAGE = 10
FACET_VALUES_SHOWN = 15
SEARCH_LIMIT = RequestLimit("search")
log = logging.getLogger(__name__)


def search(request):
    form = SearchForm(request.GET)
    state = form.state()
    query = state["query"]
    narrowed = bool(state["kind"] or any(state["filters"].values()))
    results = None
    counted = None  # (query, found) when this search counts in the statistics
    if query:
        wait = SEARCH_LIMIT.retry_after(request)
        if wait:
            notice = {
                "heading": _("Many searches in a short time"),
                "message": _(
                    "You have searched many times in a short while. Wait a minute and search again."
                ),
                "browse": False,
            }
            response = render(request, "search/notice.html", notice, status=429)
            response["Retry-After"] = str(wait)
            return response
        try:
            results = run_search(
                query,
                kind=state["kind"],
                filters=state["filters"],
                page=state["page"],
                per_page=RESULTS_PER_PAGE,
                pinned=Promotion.objects.document_ids_for(query),
            )
        except Exception:
            # A damaged index: say so, and let every other page go on working.
            log.exception("Search failed for %r", query)
            notice = {
                "heading": _("Search is temporarily unavailable"),
                "message": _(
                    "We are repairing the search index. Every page of the portal works "
                    "meanwhile: browse the handbook, the channels or our accounts, or try again "
                    "in a while."
                ),
                "browse": True,
            }
            return render(request, "search/notice.html", notice, status=503)
        if state["page"] == 1 and not narrowed:
            counted = (query, results.total > 0)
            QueryStat.record(*counted)
    to_param = {kind.code: kind.param for kind in kinds()}
    params = {"q": query, "typ": to_param.get(state["kind"], "")}
    params |= {facet.param: state["filters"][facet.name] for facet in form.facets}
    scope = None
    if state["kind"]:
        # Narrowed to one kind (a search from the handbook): new searches from this page stay
        # there, and one link widens them to the whole portal.
        kind = next(kind for kind in kinds() if kind.code == state["kind"])
        scope = {"param": kind.param, "label": kind.scope_label, "notice": kind.scope_notice,
                 "widen_url": "?" + _url(params, typ=None, sida=None)}  # fmt: skip
    page_obj = None
    if results is not None:
        page_obj = Paginator(range(results.total), RESULTS_PER_PAGE).get_page(results.page)
    response = render(
        request,
        "search/search.html",
        {
            "query": query,
            "results": results,
            "page_obj": page_obj,
            "state": params,
            "narrowed": narrowed,
            "scope": scope,
            "kind_facets": _kind_facets(results, params),
            # Each registered facet with its values as links, those with any value shown.
            "facet_sections": [
                {"heading": facet.label, "links": links}
                for facet in form.facets
                if (
                    links := _facets(
                        results and results.facets.get(facet.name), params, facet.param
                    )
                )
            ],  # fmt: skip
            "pagination_prefix": _url(params, sida=None) + "&",
        },
    )
    # Served again from the page cache, the search still counts: against the client's limit,
    # and in the statistics (count_kept_search).
    if query:
        pagecache.note(response, limit="search", query_stat=counted)
    return response


def count_kept_search(sender, request, notes, **kwargs):
    if notes.get("query_stat"):
        QueryStat.record(*notes["query_stat"])


def _url(params, **changes):
    """The query string for this state with some parameters changed; empty ones dropped."""
    merged = {**params, **changes}
    return urlencode({key: value for key, value in merged.items() if value})


def _kind_facets(results, params):
    if results is None:
        return []
    total = sum(results.kinds.values())
    facets = [{"label": _("All"), "count": total, "url": "?" + _url(params, typ=None),
               "selected": not params["typ"]}]  # fmt: skip
    for kind in kinds():
        facets.append({
            "label": kind.label, "count": results.kinds.get(kind.code, 0),
            "url": "?" + _url(params, typ=kind.param), "selected": params["typ"] == kind.param,
        })  # fmt: skip
    return facets


def _facets(values, params, name):
    """Links that narrow the results to one value, or widen them again if it is chosen."""
    chosen = params[name]
    # The most common values, the chosen one first so that it is never cut off.
    shown = sorted(values or [], key=lambda pair: pair[0] != chosen)[:FACET_VALUES_SHOWN]
    facets = [
        {"value": value, "count": count, "selected": value == chosen,
         "url": "?" + _url(params, **{name: None if value == chosen else value})}
        for value, count in shown
    ]  # fmt: skip
    if chosen and not any(facet["selected"] for facet in facets):
        # A chosen value with no results left: still offer the way back.
        facets.insert(0, {"value": chosen, "count": 0, "selected": True,
                          "url": "?" + _url(params, **{name: None})})  # fmt: skip
    return facets


SUGGEST_LIMIT = RequestLimit("suggest")


def suggestions(request):
    """Titles for what is being typed in a search field, as JSON for the combobox (site.js);
    the plain form never needs it."""
    wait = SUGGEST_LIMIT.retry_after(request)
    if wait:
        response = JsonResponse({"error": _("Too many requests. Wait a moment.")}, status=429)
        response["Retry-After"] = str(wait)
        return response
    text = printable(request.GET.get("q", ""))[:200]
    found = suggest(text)
    response = JsonResponse({
        "query": text,
        "suggestions": [{"title": s.title, "url": s.url, "kind": s.kind} for s in found],
    })  # fmt: skip
    return pagecache.note(response, limit="suggest")


def opensearch(request):
    """The OpenSearch description browsers read to offer the portal's search in their own
    address bar (linked from every page's head). Addresses come from PORTAL_SITE_URL."""
    current = identity.current()
    name = f"{current.short_name} {_('social media')}"
    icon = current.favicon_url
    if not icon.startswith(("http://", "https://")):
        icon = settings.PORTAL_SITE_URL.rstrip("/") + icon
    context = {
        "short_name": name[:16],  # the specification's limit
        "description": _("Search the handbook, the channel guidance and the official accounts."),
        "site_url": settings.PORTAL_SITE_URL,
        "icon": icon,
        "icon_type": "image/svg+xml" if icon.endswith(".svg") else "image/png",
    }
    return render(request, "search/opensearch.xml", context,
                  content_type="application/opensearchdescription+xml; charset=utf-8")  # fmt: skip
