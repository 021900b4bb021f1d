def printable(text):
    """User input without control characters (NUL, escapes) and with whitespace collapsed.

    Search queries, registry filters and reports all take free text from the public; none of
    them has a use for characters that cannot be shown.
    """
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text or "").split())
