from django.utils.http import url_has_allowed_host_and_scheme


def printable(text):
    """User input without control characters (NUL, escapes) and with whitespace collapsed.

    Search queries, registry filters and reports all take free text from the public; none of
    them has a use for characters that cannot be shown.
    """
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text or "").split())


def site_path(text):
    """A path on this site ("/handbok/…"), or "" for anything else (other sites, junk).

    Links back to a page that a reader named must never lead off the site.
    """
    text = printable(text)[:500]
    # Django's own check also knows that browsers read "/\\host" as "//host".
    local = text.startswith("/") and url_has_allowed_host_and_scheme(text, allowed_hosts=None)
    return text if local else ""
