"""Recognise an account URL on a channel and extract its handle.

The registry uses this to normalise pasted addresses. Hosts are compared exactly after stripping
www./m./mobile., so lookalikes (facebook.com.example.net, faceb00k.com) never match.
"""

import re
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HOST_PREFIXES = ("www.", "m.", "mobile.")


def normalise_host(host):
    host = (host or "").strip().lower().rstrip(".")
    for prefix in HOST_PREFIXES:
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def split_url(url):
    """(host, path) of a pasted address, or None when it is not a web address at all."""
    text = (url or "").strip()
    if not text or any(ch.isspace() for ch in text):
        return None
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return normalise_host(host), unquote(parts.path or "/")


def compile_patterns(lines):
    return [re.compile(line.strip()) for line in lines if line.strip()]


def validate_handle_patterns(value):
    for number, line in enumerate(value.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            pattern = re.compile(line.strip())
        except re.error as error:
            raise ValidationError(
                _("Line %(number)d is not a valid regular expression: %(error)s"),
                params={"number": number, "error": error},
            ) from error
        if "handle" not in pattern.groupindex:
            raise ValidationError(
                _("Line %(number)d needs a named group (?P<handle>…)."), params={"number": number}
            )
