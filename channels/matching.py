"""Read a pasted address the way a browser does, and say which account on a channel it names.

Addresses are parsed with ada-url, an implementation of the WHATWG URL standard that browsers
follow, so the host judged here is the host a browser opens: `https://evil.example\\@x.com/` is
evil.example, `ｆａｃｅｂｏｏｋ.com` is facebook.com, `xn--fcebook-8va.com` stays a lookalike.

Hosts are compared exactly after stripping www./m./mobile. A host line "*.linkedin.com" also
accepts any subdomain (se.linkedin.com): only the owner of linkedin.com controls those, so this
cannot let a lookalike in.

A handle is always a whole path segment: a pattern's (?P<handle>…) group must end where the
segment ends, so /@exstad and /@exstadå or /@exstad·x are never the same account, whatever the
pattern says. Patterns see the path as the browser sends it (percent-encoded); the captured
segment is decoded exactly once, as the platform does, and NFC-normalised. A (?P<id>…) group
instead of (?P<handle>…) marks a stable platform id (YouTube's /channel/UC…, Facebook's
profile.php?id=…): ids and handles are separate namespaces, so a handle spelled like our channel
id is never our channel.
"""

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

import ada_url
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HOST_PREFIXES = ("www.", "m.", "mobile.")
# "https:", "HTTP:" and the like: an explicit web scheme, with or without the slashes.
_WEB_SCHEME = re.compile(r"^https?:", re.IGNORECASE)
# Any other scheme a browser would honour ("javascript:", "ftp:", "data:"); "host:port" is not one.
_OTHER_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+\-]*:(?!\d)")
# What may follow a handle: the end of the segment or of a query value.
_HANDLE_ENDS = "/?&;#"


class Kind:
    ACCOUNT = "account"  # the address names an account: a profile or something under it
    NO_IDENTITY = "no_identity"  # a share link, short link or single post that names no account
    OTHER = "other"  # on the channel's site, but not an account's address


@dataclass(frozen=True)
class Address:
    host: str  # normalised: lower case, ASCII (punycode), without www./m./mobile. or a final dot
    path: str  # decoded except for encoded / ? # and % (readable_path)
    query: str


@dataclass(frozen=True)
class Reading:
    kind: str
    handle: str = ""  # as written on the platform (decoded, NFC); only for Kind.ACCOUNT
    is_id: bool = False  # the handle is a stable platform id, not a user name


def normalise_host(host):
    host = (host or "").strip().lower()
    if host.endswith("."):
        host = host[:-1]  # "facebook.com." is the same host in DNS and in the browser
    for prefix in HOST_PREFIXES:
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def host_lines(text):
    return {normalise_host(line) for line in (text or "").splitlines() if line.strip()}


def host_matches(host, names):
    """Whether a normalised host is one of the channel's host lines (see the module docstring)."""
    for name in names:
        if name.startswith("*."):
            if host == name[2:] or host.endswith(name[1:]):
                return True
        elif host == name:
            return True
    return False


def decode(text):
    """Percent-decoded once (an encoded "/" stays encoded: it never splits a segment), NFC."""
    text = re.sub("%2[fF]", "%252F", text)
    return unicodedata.normalize("NFC", unquote(text, errors="replace"))


# Kept encoded while patterns read the path, so that an encoded separator never acts as one and
# the captured handle is still decoded exactly once: / ? # and % itself.
_STRUCTURAL = re.compile("%(2[fF]|3[fF]|23|25)")


def readable_path(path):
    """The path as patterns read it: letters decoded (/%40x is /@x), separators not."""
    return unquote(_STRUCTURAL.sub(r"%25\1", path), errors="replace")


def handle_key(text):
    """The comparison key of a (decoded) handle: without @, NFC and case-folded."""
    text = unicodedata.normalize("NFC", (text or "").strip().lstrip("@").strip())
    return unicodedata.normalize("NFC", text.casefold())


def id_key(text):
    """The comparison key of a platform id: ids are case-sensitive (YouTube's UC… are)."""
    return unicodedata.normalize("NFC", (text or "").strip())


def parse(url):
    """The Address a browser would open for a pasted address, or None when it is not one."""
    text = (url or "").strip()
    if not text or any(ch.isspace() for ch in text) or "\x00" in text:
        return None
    if text.startswith("//"):
        text = "https:" + text
    elif not _WEB_SCHEME.match(text):
        if _OTHER_SCHEME.match(text):
            return None  # javascript:, ftp:, mailto: … are never an account's address
        text = "https://" + text
    try:
        parsed = ada_url.URL(text)
    except ValueError:
        return None
    if parsed.protocol not in ("http:", "https:") or not parsed.hostname:
        return None
    return Address(
        host=normalise_host(parsed.hostname),
        path=readable_path(parsed.pathname or "/"),
        query=parsed.search.removeprefix("?"),
    )


def compile_patterns(lines):
    return [re.compile(line.strip()) for line in lines if line.strip()]


def match_handle(patterns, path, query):
    """(handle, is_id) from the first pattern that matches, the handle decoded; or None.

    Patterns see the path alone first, so tracking parameters never matter; only when none
    matches do they see "path?query", for addresses such as facebook.com/profile.php?id=….
    The handle must be a whole segment or query value: see the module docstring.
    """
    for candidate in (path, f"{path}?{query}" if query else None):
        if candidate is None:
            continue
        for pattern in patterns:
            match = pattern.match(candidate)
            if not match:
                continue
            group = "id" if "id" in pattern.groupindex else "handle"
            if not match.group(group):
                continue
            end = match.end(group)
            if end == len(candidate) or candidate[end] in _HANDLE_ENDS:
                return decode(match.group(group)), group == "id"
    return None


def validate_patterns(value, *, handle_group):
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
        if handle_group and not {"handle", "id"} & set(pattern.groupindex):
            raise ValidationError(
                _("Line %(number)d needs a named group (?P<handle>…) or (?P<id>…)."),
                params={"number": number},
            )


def validate_handle_patterns(value):
    validate_patterns(value, handle_group=True)


def validate_share_patterns(value):
    validate_patterns(value, handle_group=False)


def validate_handle_characters(value):
    try:
        re.compile(f"[{value}]")
    except re.error as error:
        raise ValidationError(
            _("Not a valid set of characters: %(error)s"), params={"error": error}
        ) from error


@dataclass(frozen=True)
class HandleRules:
    characters: str  # the inside of a regular-expression character class, e.g. A-Za-z0-9._
    min_length: int | None = None
    max_length: int | None = None

    def problems(self, handle):
        """What is wrong with a handle on this channel, as (code, detail) pairs; [] when fine."""
        found = []
        if self.characters:
            allowed = re.compile(f"[{self.characters}]")
            bad = sorted({ch for ch in handle if not allowed.fullmatch(ch)})
            if bad:
                found.append(("characters", bad))
        if self.min_length and len(handle) < self.min_length:
            found.append(("too_short", self.min_length))
        if self.max_length and len(handle) > self.max_length:
            found.append(("too_long", self.max_length))
        return found

    def allows(self, handle):
        return not self.problems(handle)


def read(address, *, hosts, share_hosts, handle_patterns, share_patterns):
    """How a channel reads an Address, or None when the address is not on the channel's hosts."""
    if host_matches(address.host, share_hosts):
        return Reading(Kind.NO_IDENTITY)
    if not host_matches(address.host, hosts):
        return None
    found = match_handle(handle_patterns, address.path, address.query)
    if found:
        return Reading(Kind.ACCOUNT, *found)
    if any(pattern.match(address.path) for pattern in share_patterns):
        return Reading(Kind.NO_IDENTITY)
    return Reading(Kind.OTHER)
