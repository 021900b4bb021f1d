import codecs
import hashlib
import re

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import gettext as _


class ChosenLanguageMiddleware:
    """Swedish unless the reader chose English with the switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show many Swedish
    staff (with English browsers) an English site they never asked for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        patch_vary_headers(response, ["Cookie"])
        translation.deactivate()
        return response


class KnownCharsetMiddleware:
    """A request body declared in an encoding Python does not know is a 400, not an error page:
    Django would fail on it only when the form is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = (request.content_params or {}).get("charset")
        if charset:
            try:
                codecs.lookup(charset)
            except LookupError:
                message = _("The form was sent in an unknown character encoding. Send it again.")
                return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


_TOKEN_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


class TokenNeutralETagMiddleware:
    """An ETag for HTML pages that ignores the CSRF token in their forms.

    Django masks the token differently in every response, so a page with a form (the handbook's
    "Var sidan till hjälp?") would never be "unchanged" for ConditionalGetMiddleware. Every
    masked token of one browser's CSRF cookie stays valid, so the copy a browser revalidates
    keeps working. Only the reader's own browser cache sees a 304 this way: the cookie varies
    the response (Vary: Cookie), so no shared cache hands the page to someone else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.streaming
            and not response.has_header("ETag")
            and response.get("Content-Type", "").startswith("text/html")
            and b"csrfmiddlewaretoken" in response.content
        ):
            neutral = _TOKEN_FIELD.sub(rb"\1\2", response.content)
            response["ETag"] = quote_etag(hashlib.md5(neutral, usedforsecurity=False).hexdigest())
        return response
