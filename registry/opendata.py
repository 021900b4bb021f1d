"""What every open-data response shares: addresses, the registry's version for conditional GET,
the API's methods and parameter check."""

import functools
import hashlib

from django.conf import settings
from django.db.models import Count, Max, Value
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from base import identity, pagecache
from base.ratelimit import RequestLimit
from channels.models import Channel

from . import export
from .filters import KNOWN_PARAMS, canonical
from .models import Account, Department

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
API_PAGE_SIZE = 100
API_MAX_PAGE_SIZE = 500


def site_url(path=""):
    """An absolute address on the site's configured public address (PORTAL_SITE_URL)."""
    return settings.PORTAL_SITE_URL + path


def public_json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    open_to_all(response)
    return response


def open_to_all(response):
    # Public open data: any web page may read it, conditional requests included.
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


def meta():
    return {
        "publisher": identity.current().name,
        "licence": export.LICENCE,
        "licence_url": export.LICENCE_URL,
        "documentation": site_url(reverse("registry:open_data")),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }


def last_change():
    """When anything an open-data response shows last changed (accounts, channels, departments),
    and how many accounts there are (a deletion changes no timestamp): one query."""

    def newest(model, count):
        rows = model.objects.order_by().annotate(one=Value(1)).values("one")
        counted = Count("pk") if count else Value(0)
        return rows.annotate(latest=Max("updated_at"), total=counted).values_list("latest", "total")

    rows = list(
        newest(Account, True).union(newest(Channel, False), newest(Department, False), all=True)
    )
    stamps = [latest for latest, _total in rows if latest]
    return max(stamps, default=None), sum(total for _latest, total in rows)


# Named with its value's shape, as the filters' memo: servers of two versions may share a cache.
VERSION_MEMO = "registry-version-2"


def version():
    """(newest change, number of accounts, when this generation of the page cache started):
    the last for the changes no timestamp records. A tag renamed, or tags set on an account
    without saving it, change what the registry's files say and no updated_at; every such
    write starts a new generation. The same all through a generation, however often the memo
    is read again."""
    return (*last_change(), pagecache.generation_started())


def _version(request):
    if not hasattr(request, "_registry_version"):
        # Once per generation of the page cache, which every write moves on: the newest change
        # and the count read every account, 16-26 ms at national size, on each API call and
        # download, a 304 included.
        request._registry_version = pagecache.memo(VERSION_MEMO, version)
    return request._registry_version


def _etag(request, *args, **kwargs):
    latest, count, started = _version(request)
    key = "|".join([
        latest.isoformat() if latest else "-", str(count), started.isoformat() if started else "-",
        request.get_full_path(), translation.get_language() or "", settings.PORTAL_SITE_URL,
    ])  # fmt: skip
    # Weak: a JSON export carries its generation time, so equal versions are not byte-equal.
    return f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'


def _last_modified(request, *args, **kwargs):
    """The later of the newest change and the generation's start. In whole seconds, as HTTP
    dates are: two changes within one second look alike to a client that sends only
    If-Modified-Since; the ETag tells them apart."""
    latest, _count, started = _version(request)
    return max((stamp for stamp in (latest, started) if stamp), default=None)


# ETag and Last-Modified from the registry's version; If-None-Match and If-Modified-Since get 304.
conditional = condition(etag_func=_etag, last_modified_func=_last_modified)


def api_endpoint(reads=KNOWN_PARAMS, strict=True, limit="api"):
    """GET, HEAD and OPTIONS only; unknown parameters are a 400 that names them; conditional GET.

    reads: the parameters the endpoint reads (by default the registry's filters and paging).
    strict=False ignores unknown parameters instead (downloads linked with tracking parameters).
    limit: the PORTAL_RATE_LIMITS entry that counts these requests per client.
    """
    rate = RequestLimit(limit)

    def decorate(view):
        cached = conditional(view)

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Allow"] = ALLOWED_METHODS
                response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
                response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
                response["Access-Control-Max-Age"] = "86400"
                return open_to_all(response)
            if request.method not in ("GET", "HEAD"):
                response = public_json(
                    {"errors": {"method": [_("Only GET, HEAD and OPTIONS are allowed.")]}},
                    status=405,
                )
                response["Allow"] = ALLOWED_METHODS
                return response
            wait = rate.retry_after(request)
            if wait:
                message = _("Too many requests in a short time. Wait a moment and try again.")
                response = public_json({"errors": {"rate": [message]}}, status=429)
                response["Retry-After"] = str(wait)
                return response
            unknown = sorted(name for name in request.GET if name not in reads)
            if unknown and strict:
                message = _("Unknown parameter. The open-data page lists the parameters.")
                return public_json({"errors": {name: [message] for name in unknown}}, status=400)
            response = cached(request, *args, **kwargs)
            # Served again from the page cache, the request still counts against the limit.
            return pagecache.note(response, limit=limit)

        return wrapper

    return decorate


def page_numbers(query, default_size, max_size):
    """(page, size) from page and page_size (or their aliases), or a {parameter: [message]}."""
    given = canonical(query)
    errors, numbers = {}, {}
    for name, default, low, high in (
        ("page", 1, 1, None),
        ("page_size", default_size, 1, max_size),
    ):
        text = given.get(name) or str(default)
        try:
            number = int(text)
        except ValueError:
            errors[name] = [_("Enter a whole number.")]
            continue
        if number < low or (high and number > high):
            errors[name] = [
                _("Enter a number from %(low)d to %(high)d.") % {"low": low, "high": high}
                if high
                else _("Enter a number from %(low)d.") % {"low": low}
            ]
            continue
        numbers[name] = number
    if errors:
        return None, errors
    return (numbers["page"], numbers["page_size"]), None
