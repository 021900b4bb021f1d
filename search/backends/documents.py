"""One object as a Whoosh document, from its haystack SearchIndex."""

import unicodedata

from haystack.constants import DJANGO_CT, ID

from .text import title_key


def document(index, obj):
    """The Whoosh document for one object, from its haystack SearchIndex."""
    data = index.full_prepare(obj)
    title = _nfc(data.get("title"))
    text = _nfc(data.get("text"))
    doc = {
        "id": data[ID],
        "django_ct": data[DJANGO_CT],
        "kind": data.get("kind") or "",
        "title": title,
        "title_key": title_key(title),
        "text": text,
        # KEYWORD(commas=True) splits on commas: a comma inside a tag would make two tags.
        "tags": ",".join(tag.replace(",", " ") for tag in data.get("tags") or []),
        "channel": data.get("channel") or "",
        "section": data.get("section") or "",
        "summary": data.get("summary") or "",
        "url": data.get("url") or "",
    }
    # An empty value would be indexed as a term of its own and show up as a blank facet.
    return {name: value for name, value in doc.items() if value != "" or name in _STORED_ALWAYS}


_STORED_ALWAYS = {"title", "text", "section", "summary", "url"}


def _nfc(value):
    return unicodedata.normalize("NFC", str(value or ""))
