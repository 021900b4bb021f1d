import json
import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import colours, identity
from .addresses import in_language
from .text import site_path


@never_cache
def switch_language(request, code):
    """The older way to change language, kept for links and bookmarks: the same page in the
    chosen language (its /en/ address or its Swedish one). The cookie it sets is what the
    admin follows; the reader's pages take their language from the address alone."""
    # A path on this site, or the start page: "kommun" would be read relative to /sprak/en/.
    target = site_path(request.GET.get("next", "")) or "/"
    if code in dict(settings.LANGUAGES):
        target = in_language(target, code)
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
    return response


log = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """For a load balancer: 200 when the database and the search index answer, else 503."""
    from haystack import connections

    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        log.exception("Health check: the database does not answer")
        checks["database"] = "failing"
    try:
        backend = connections["default"].get_backend()
        backend.health() if hasattr(backend, "health") else backend.search("hälsokontroll")
        checks["search"] = "ok"
    except Exception:
        log.exception("Health check: the search index does not answer")
        checks["search"] = "failing"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)


csp_log = logging.getLogger("portal.csp")


@csrf_exempt
@require_POST
def csp_report(request):
    """Where browsers report what the Content-Security-Policy blocked: logged for the operators
    (a report names a page of ours and what was refused, nothing about the reader)."""
    body = request.body[:4096]
    try:
        report = json.loads(body).get("csp-report", {})
    except (ValueError, AttributeError):
        return HttpResponse(status=400)
    if isinstance(report, dict):
        csp_log.warning(
            "CSP blocked %s on %s (%s) from %s",
            str(report.get("blocked-uri", ""))[:300],
            str(report.get("document-uri", ""))[:300],
            str(report.get("violated-directive", ""))[:100],
            str(report.get("source-file", ""))[:300],
        )
    return HttpResponse(status=204)


def theme(request):
    """The organisation's colours as CSS custom properties (site.css uses them): a stylesheet,
    so the strict Content-Security-Policy needs no inline style. Its address carries the
    colours' version, so it is cached for a year and a change is a new address."""
    current = identity.current()
    css = (
        ":root {\n"
        f"  --brand: {current.primary_colour};\n"
        f"  --brand-dark: {colours.darker(current.primary_colour)};\n"
        f"  --link: {current.accent_colour};\n"
        "}\n"
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    if request.GET.get("v") == current.version:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=60"
    return response
