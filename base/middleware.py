import codecs

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers
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


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header from settings.PERMISSIONS_POLICY (feature -> allow list)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{k}={v}" for k, v in settings.PERMISSIONS_POLICY.items())

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
