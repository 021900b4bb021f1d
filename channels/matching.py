"""Recognise an account URL on a channel and extract its handle.

The registry uses this to normalise pasted addresses. Hosts are compared exactly after stripping
www./m./mobile., so lookalikes (facebook.com.example.net, faceb00k.com) never match. A host line
"*.linkedin.com" also accepts any subdomain (se.linkedin.com): only the owner of linkedin.com
controls those, so this cannot let a lookalike in.
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


def host_matches(host, names):
    """Whether a normalised host is one of the channel's host lines (see the module docstring)."""
    for name in names:
        if name.startswith("*."):
            if host == name[2:] or host.endswith(name[1:]):
                return True
        elif host == name:
            return True
    return False


def split_url(url):
    """(host, path, query) of a pasted address, or None when it is not a web address at all."""
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
    return normalise_host(host), unquote(parts.path or "/"), parts.query


def compile_patterns(lines):
    return [re.compile(line.strip()) for line in lines if line.strip()]


def match_handle(patterns, path, query):
    """The handle, as written in the address, from the first pattern that matches.

    Patterns see the path alone first, so tracking parameters never matter; only when none
    matches do they see "path?query", for addresses such as facebook.com/profile.php?id=….
    """
    for candidate in (path, f"{path}?{query}" if query else None):
        if candidate is None:
            continue
        for pattern in patterns:
            match = pattern.match(candidate)
            if match and match.group("handle"):
                return match.group("handle")
    return None


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
