"""One object as a search document, from its haystack SearchIndex: the same for every engine."""

import hashlib
import json
import unicodedata

from haystack.constants import DJANGO_CT, ID

from .text import title_key


def facet_values(value):
    """A facet field's values as a list of texts (a tag list, or one channel)."""
    if value in (None, ""):
        return []
    values = value if isinstance(value, list | tuple) else [value]
    return [unicodedata.normalize("NFC", str(item)) for item in values if str(item)]


def document(index, obj):
    """The document for one object: fixed fields, and one list of values per facet the index
    registers (`facets`); facet values are kept as written."""
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
        "facets": {name: facet_values(data.get(name)) for name in getattr(index, "facets", {})},
        "section": data.get("section") or "",
        "summary": data.get("summary") or "",
        "url": data.get("url") or "",
    }
    # An empty value would be indexed as a term of its own and show up as a blank facet.
    return {name: value for name, value in doc.items() if value != "" or name in _STORED_ALWAYS}


def digest(doc):
    """A fingerprint of a document: an engine stores it beside the document, so a start-up can
    tell the documents it must write again from those the index already has as they are."""
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


_STORED_ALWAYS = {"title", "text", "section", "summary", "url"}


def _nfc(value):
    return unicodedata.normalize("NFC", str(value or ""))
