import codecs

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from . import pagecache


class ChosenLanguageMiddleware:
    """The language is in the address: Swedish at the site's own URLs, English under /en/
    (config/urls.py, i18n_patterns). So a page's language never depends on a cookie or on the
    browser's Accept-Language, and a shared cache or CDN can keep every page as it is, with no
    Vary on either.

    Django's LocaleMiddleware would follow Accept-Language, showing many Swedish staff (with
    English browsers) an English site they never asked for. Only the admin, which has no
    English addresses of its own, follows the reader's choice from the switch (a cookie).
    """

    COOKIE_PATHS = ("/admin/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        code = translation.get_language_from_path(path)
        by_cookie = code is None and path.startswith(self.COOKIE_PATHS)
        if by_cookie:
            code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        # Before the URL is resolved: the English patterns match only while English is active.
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        if by_cookie:
            patch_vary_headers(response, ["Cookie"])
        translation.deactivate()
        return response


class KnownCharsetMiddleware:
    """A request body declared in an encoding Python does not know is a 400, not an error page:
    Django would fail on it only when the form is read. So is a URL-encoded form declared in
    anything but UTF-8: Django refuses it while the CSRF check reads it, and again in its own
    400 page, which makes a 500. "UTF8" and the like are UTF-8 by another name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = (request.content_params or {}).get("charset")
        if charset:
            try:
                codec = codecs.lookup(charset)
            except LookupError:
                return self.refuse(_("The form was sent in an unknown character encoding."))
            if request.content_type == "application/x-www-form-urlencoded":
                if codec.name != "utf-8":
                    return self.refuse(_("The form must be sent in UTF-8."))
                request.encoding = "utf-8"
        return self.get_response(request)

    @staticmethod
    def refuse(reason):
        message = f"{reason} {_('Send it again from the page on this site.')}"
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header from settings.PERMISSIONS_POLICY (feature -> allow list)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{k}={v}" for k, v in settings.PERMISSIONS_POLICY.items())

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class TrackingParametersMiddleware:
    """Click ids and campaign tags (pagecache.TRACKING, utm_*) are taken off the query string
    before anything reads it: a page from a link shared on Facebook is the page everyone gets,
    kept once, and the first reader's click id is never written into it (its links to the
    page in other languages). The WSGI application does the same for kept pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query_string = request.META.get("QUERY_STRING", "")
        clean = pagecache.without_tracking(query_string)
        if clean != query_string:
            request.META["QUERY_STRING"] = clean
            request.__dict__.pop("GET", None)  # read again, from the clean string
        return self.get_response(request)


class PageCacheMiddleware:
    """Whole anonymous pages from the page cache (base/pagecache.py), before the session, the
    user and the view are even looked at. It comes before every middleware that shapes a page,
    so a kept page carries the headers they gave it (security, CSP, ETag) and costs nothing
    more to serve; it answers If-None-Match and If-Modified-Since itself. (Under config/wsgi.py
    most kept pages are answered before Django: pagecache.KeptPages.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not pagecache.applies(request):
            response = self.get_response(request)
            if not pagecache.is_anonymous(request) and "Cache-Control" not in response:
                # A signed-in reader's page is theirs alone: no shared cache may keep it.
                patch_cache_control(response, private=True)
            return response
        # The generation first, before any data is read: a write committed while this page is
        # rendered starts a new one, and the page goes under the old, never to be served.
        key = pagecache.key(request, pagecache.generation())
        response = pagecache.fetch(request, key)
        if response is not None:
            return pagecache.answer(request, response)
        # A HEAD is made as the GET and kept: it should carry the GET's header fields (RFC
        # 9110), and Django's ETag and this cache's headers are given to a GET only. Every view
        # here answers HEAD as GET already; the server leaves the body out.
        head = request.method == "HEAD"
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            if head:
                request.method = "HEAD"
        if pagecache.storable(request, response):
            pagecache.store(key, response)
        return response
