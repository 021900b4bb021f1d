"""Anonymous pages kept whole, and never stale: every write that readers could see starts a new
generation of the cache, so no page from before the write is served after it.

Why one generation for the whole site rather than keys per object: almost every page shows
something of another model (the header's identity, a channel page's accounts, a section's page
list, search hits, the sitemap, feeds), and a dependency missed would be a stale page that no
test notices. The portal is read far more than written: a few hundred saves a day against
hundreds of thousands of page views, so starting over after each save costs one render per page
that is read again, while the reader never sees yesterday's text. Keys per object are the next
step if writes ever become frequent.

The generation lives in the page cache itself (CACHES["pages"]: Redis when REDIS_URL is set, so
every application server sees a write at once; otherwise files under var/, shared by the
processes of one machine). If it is ever evicted, a new random one is drawn: the old pages are
then unreachable, never served.

What counts as a write is every save, delete and many-to-many change of a model that readers
can see (signals, connected in BaseConfig.ready); models only staff or the machinery see are
listed in PRIVATE. Writes that bypass signals (QuerySet.update, bulk_create, rebuilding the
search index) call changed() themselves.
"""

import datetime
import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from typing import NamedTuple
from urllib.parse import unquote_plus

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.dispatch import Signal
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe

from .ratelimit import RequestLimit

GENERATION_KEY = "pages:generation"
# django.contrib.messages' CookieStorage.cookie_name: a message waits for this reader.
MESSAGES_COOKIE = "messages"

# Models whose writes no reader's page shows: sign-in machinery, statistics, the feedback and
# reports readers send (only staff read them), proposals (the proposed account itself is an
# Account, and counts). Anything not listed invalidates: a new model is safe by default.
PRIVATE = {
    "admin",
    "auth",
    "axes",
    "contenttypes",
    "otp_totp",
    "sessions",
    "base.remindersent",
    "feedback.feedback",
    "handbook.pagevote",
    "registry.proposal",
    "registry.report",
    "search.querystat",
}

# Sent when a page is served from the cache, with the notes the view left on its response
# (note()): the search app counts a search even when its page was kept.
served_from_cache = Signal()


def note(response, **notes):
    """Leave notes for when this response is served again from the cache: limit names the
    PORTAL_RATE_LIMITS entry the request counts against; apps read others (served_from_cache)."""
    response.page_cache_notes = {**getattr(response, "page_cache_notes", {}), **notes}
    return response


# Larger responses (a big export, a long list) are not worth the cache's memory.
LARGEST = 1_000_000


def _cache():
    name = settings.PORTAL_PAGE_CACHE
    return caches[name if name in settings.CACHES else "default"]


def generation(cache=None):
    cache = _cache() if cache is None else cache
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        current = cache.get(GENERATION_KEY)
    return current


def forget_all():
    """Start a new generation now: every page cached so far is unreachable."""
    _cache().set(GENERATION_KEY, _new_generation(), timeout=None)


def _new_generation():
    # When it started, then chance: the start is what changed last for the changes no
    # timestamp records (generation_started).
    return f"{_clock_ns():x}-{secrets.token_hex(6)}"


def _clock_ns():
    return time.time_ns()


def generation_started(current=None):
    """When the current generation started (an aware datetime): the last time anything readers
    see may have changed, the changes no updated_at records (a tag renamed) included. None for
    a generation named by an older version of this code."""
    start, separator, _chance = (current or generation()).partition("-")
    if not separator:  # an older name: chance alone, which would read as a time
        return None
    try:
        return datetime.datetime.fromtimestamp(int(start, 16) / 1e9, tz=datetime.UTC)
    except (ValueError, OverflowError, OSError):
        return None


def changed(using=None):
    """Something readers see has changed: start a new generation now, so this connection's own
    next page shows it, and again once it is committed, since a page another process rendered
    before the commit shows the old data and must not outlive it."""
    forget_all()
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(forget_all, using=using)


def on_setting_changed(setting, **kwargs):
    # Tests that change a setting (the organisation's name, a limit) see pages rendered with it.
    # (New CACHES are empty caches; Django may not have switched to them yet.)
    _digests.clear()  # ALLOWED_HOSTS, the proxy's headers, FORCE_SCRIPT_NAME: see _address
    if setting != "CACHES":
        forget_all()


# This process's copies of memo values, by name: (cache key, value, read at).
_memos = {}


def memo(name, build):
    """build() once per generation: lists many pages share (a filter's thousands of choices,
    search's pins and synonyms), as fresh as the pages themselves. The value must pickle, and
    callers must not change it: the process keeps it and hands the same object to every
    request of the generation, since unpickling 3 000 departments from the shared cache cost
    more than the rest of the filters. The generation is still read from the shared cache
    each time, so a write by any process makes every process build or fetch the value again;
    and the process reads the shared copy again after NEAR_SECONDS, so a write that bypassed
    the signals and changed() is seen once that copy expires, as for kept pages."""
    cache = _cache()
    cache_key = f"memo:{generation()}:{name}"
    now = time.monotonic()
    kept = _memos.get(name)
    if kept is not None and kept[0] == cache_key and now - kept[2] < NEAR_SECONDS:
        return kept[1]
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, timeout=settings.PORTAL_PAGE_CACHE_SECONDS or 60)
    _memos[name] = (cache_key, value, now)
    return value


def is_private(model):
    meta = model._meta
    return meta.app_label in PRIVATE or meta.label_lower in PRIVATE


def on_write(sender, raw=False, using=None, **kwargs):
    if not is_private(sender):
        changed(using=using)


def on_relations(sender, instance, action, using=None, **kwargs):
    if action.startswith("post_") and not is_private(type(instance)):
        changed(using=using)


# The request side (base.middleware.PageCacheMiddleware).


def is_anonymous(request):
    """No session and no waiting message: the page is the one every reader gets."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and MESSAGES_COOKIE not in cookies


# Click ids and campaign tags that sites add to the links they pass on (Facebook's fbclid on
# every click, utm_* from newsletters): no page reads them, and each click would otherwise be
# an address of its own, rendered anew and kept apart, in this cache and in any CDN.
TRACKING = frozenset({
    "fbclid", "gclid", "gbraid", "wbraid", "dclid", "msclkid", "yclid", "twclid", "ttclid",
    "igshid", "li_fat_id", "mc_cid", "mc_eid", "_hsenc", "_hsmi",
})  # fmt: skip


def without_tracking(query_string):
    """The query string without TRACKING parameters and utm_*, the rest as it was written."""
    if not query_string:
        return query_string
    parts = query_string.split("&")
    kept = [part for part in parts if not _is_tracking(part)]
    return query_string if len(kept) == len(parts) else "&".join(kept)


def _is_tracking(part):
    name = unquote_plus(part.split("=", 1)[0]).lower()
    return name in TRACKING or name.startswith("utm_")


def applies(request):
    if not settings.PORTAL_PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return False
    if request.path_info.startswith(settings.PORTAL_PAGE_CACHE_SKIP):
        return False
    return is_anonymous(request)


def key(request, current_generation):
    # The host and scheme too: feeds and the sitemap write absolute addresses from them. And
    # the day: a page falls due for review at midnight with nothing saved (Reviewed).
    return f"page:{current_generation}:{_today()}:{_address(request)}"


# What request.build_absolute_uri() reads, as a Django request's META holds it (WSGIRequest
# writes the decoded path and script name back into it): the scheme, every source of the
# host, the script name, path and query. The header SECURE_PROXY_SSL_HEADER names is added.
ADDRESS_INPUTS = ("wsgi.url_scheme", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT",
                  "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT", "SCRIPT_NAME",
                  "PATH_INFO", "QUERY_STRING")  # fmt: skip
DIGESTS_KEPT = 10_000
# The digest of each address this process has keyed, by its inputs: working the address out
# (the host checked against ALLOWED_HOSTS, the path escaped) and hashing it were 9 of the
# 25 us a kept page took. Only addresses Django built are kept, so a host Django refuses is
# refused every time. Emptied when a setting changes (tests) and when it grows past
# DIGESTS_KEPT, which bounds it whatever addresses a crawler makes up.
_digests = {}


def _address(request):
    if not isinstance(request, WSGIRequest):
        return _digest(request.build_absolute_uri())  # its scheme is not in META
    meta = request.META
    inputs = tuple(meta.get(name) for name in ADDRESS_INPUTS)
    proxy_header = settings.SECURE_PROXY_SSL_HEADER  # a settings lookup is not free: once
    if proxy_header:
        inputs += (meta.get(proxy_header[0]),)
    digest = _digests.get(inputs)
    if digest is None:
        digest = _digest(request.build_absolute_uri())  # DisallowedHost: nothing kept
        if len(_digests) >= DIGESTS_KEPT:
            _digests.clear()
        _digests[inputs] = digest
    return digest


def _digest(address):
    return hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()[:40]


# (start, end, ISO date) of today in the default time zone: converting the time on every
# request cost 2 us. Worked out again when the clock leaves the day, either way.
_day = (None, None, "")


def _today():
    global _day
    start, end, today = _day
    now = timezone.now()
    if start is None or not start <= now < end:
        zone = timezone.get_default_timezone()
        date = timezone.localdate(now, zone)
        start = datetime.datetime.combine(date, datetime.time(), tzinfo=zone)
        end = datetime.datetime.combine(date + datetime.timedelta(days=1), datetime.time(),
                                        tzinfo=zone)  # fmt: skip
        today = date.isoformat()
        _day = (start, end, today)
    return today


class Kept(NamedTuple):
    """A response as the page cache keeps it: what a server sends, and the notes its view left
    (note()). Plain values: unpickled in half the time of a response, and sent as they are.
    One Kept is shared by the threads of a process (kept()): never change one in place."""

    status: int
    reason: str
    headers: list
    content: bytes
    notes: dict

    @classmethod
    def of(cls, response):
        notes = getattr(response, "page_cache_notes", {})
        return cls(response.status_code, response.reason_phrase, list(response.items()),
                   response.content, notes)  # fmt: skip

    def response(self):
        response = HttpResponse(self.content, status=self.status, reason=self.reason,
                                headers=self.headers)  # fmt: skip
        response.page_cache_notes = self.notes
        return response


# The pages this process served last, by cache key: (read at, Kept), most recent last. The key
# holds the generation, which is still read from the shared cache for every request, so a copy
# here is exactly as fresh as the shared one: a write anywhere makes every copy unreachable, as
# for memo(). What it saves is reading and unpickling the page from the shared cache (a file
# here, a round trip to Redis on a cluster): a third of answering a kept page. Bounded in bytes,
# so a worker's memory stays small beside an export, and re-read after NEAR_SECONDS, so a page
# never outlives the shared cache's own expiry by more than that.
NEAR_BYTES = 8_000_000
NEAR_LARGEST = 200_000
NEAR_SECONDS = 60
_near = OrderedDict()
_near_bytes = 0
_near_lock = threading.Lock()


def kept(cache, cache_key):
    now = time.monotonic()
    with _near_lock:
        near = _near.get(cache_key)
        if near is not None and now - near[0] < NEAR_SECONDS:
            _near.move_to_end(cache_key)
            return near[1]
    value = cache.get(cache_key)
    # Anything else was kept by an earlier version of this module: a miss, rendered anew.
    if not isinstance(value, Kept):
        return None
    if len(value.content) <= NEAR_LARGEST:
        _keep_near(cache_key, now, value)
    return value


def _keep_near(cache_key, now, value):
    global _near_bytes
    with _near_lock:
        previous = _near.pop(cache_key, None)
        if previous is not None:
            _near_bytes -= len(previous[1].content)
        _near[cache_key] = (now, value)
        _near_bytes += len(value.content)
        while _near_bytes > NEAR_BYTES:
            _near_bytes -= len(_near.popitem(last=False)[1][1].content)


def fetch(request, cache_key):
    found = kept(_cache(), cache_key)
    if found is None:
        return None
    limit = found.notes.get("limit")
    if limit and RequestLimit(limit).retry_after(request):
        return None  # past its limit: the view answers, with its own 429
    response = found.response()
    response.headers["X-Cache"] = "hit"  # for operators and the benchmark
    served_from_cache.send(sender=None, request=request, notes=found.notes)
    return response


def answer(request, response):
    """A kept response as this request gets it: 304 when the reader has it already."""
    modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=modified, response=response
    )


def storable(request, response):
    """A whole page any reader may get: a plain success, no cookie set (a CSRF token, a
    session), not streamed, not marked private or uncacheable by the view."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or len(response.content) > LARGEST:
        return False
    control = response.get("Cache-Control", "")
    return not any(word in control for word in ("private", "no-store"))


def store(cache_key, response):
    """Keep the response, and tell shared caches what they may do with it.

    The session middleware says Vary: Cookie whenever a view asked who the reader is; for a
    reader with no session the answer is always "anonymous", so the page is the same for every
    such reader. Instead of Vary: Cookie (which no CDN can keep), the page says no-cache: a
    shared cache stores it but asks us again each time (If-None-Match, answered with 304 from
    here), so a signed-in member of staff, whose request carries the session cookie, always
    reaches the application and gets a page of their own.
    """
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    vary = [v for v in vary if v.lower() != "cookie"]
    if vary:
        response["Vary"] = ", ".join(vary)
    elif "Vary" in response:
        del response["Vary"]
    if "Cache-Control" not in response:
        patch_cache_control(response, public=True, no_cache=True)
    _cache().set(cache_key, Kept.of(response), timeout=settings.PORTAL_PAGE_CACHE_SECONDS)


class KeptPages:
    """The WSGI application around Django's (config/wsgi.py): a kept page with no notes (no rate
    limit to count, no search to record: every page but search results, suggestions and the
    open-data downloads) is answered here, before Django builds its request, runs its
    middleware and resolves the address, which was more than half of serving one.

    The key is made exactly as the middleware makes it, from a Django request, host check
    included: a page is found only under the address Django itself stored it at, and anything
    else (a disallowed host, a cookie, a note, no page) goes on to Django unchanged."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        environ["QUERY_STRING"] = without_tracking(environ.get("QUERY_STRING", ""))
        found = None
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            # A copy: WSGIRequest writes the decoded path back into the dict it is given, and
            # Django, reading that again, could not encode "/kanaler/😀/" (500) and misread
            # "/kanaler/å/" as "/kanaler/%E5/".
            request = WSGIRequest(environ.copy())
            found = self.find(request)
        if found is None:
            return self.application(environ, start_response)
        meta = request.META
        if "HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" in meta:
            response = answer(request, found.response())  # 304 when the reader has it
            found = Kept.of(response)
        start_response(f"{found.status} {found.reason}", [*found.headers, ("X-Cache", "hit")])
        return [found.content]

    @staticmethod
    def find(request):
        try:
            if not applies(request):
                return None
            cache = _cache()
            found = kept(cache, key(request, generation(cache)))
        except DisallowedHost:
            return None  # Django answers with its 400
        except Exception:  # noqa: BLE001 (the cache unreadable: Django meets it too, and logs)
            return None
        return None if found is None or found.notes else found
