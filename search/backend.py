"""Haystack's connection to our Swedish Whoosh store.

Haystack stays where it serves us: `search_indexes.py` in each app says what is indexed and how
(`index_queryset`, `prepare_*`), haystack's `update_index`/`clear_index` commands work, and its
signal processor base class drives realtime updates. Everything that touches Whoosh goes through
`search.store` instead of haystack's Whoosh backend, which stems English, tokenises facet values,
stores every text field sortable, opens a new searcher per query and drops deletes on a locked
index (`../shared/notes/search-stack.md` has the measurements). Reading is in `search.query`.
"""

import unicodedata

from django.conf import settings
from haystack.backends import BaseEngine, BaseSearchBackend, BaseSearchQuery
from haystack.constants import DJANGO_CT, ID
from haystack.utils import get_identifier
from whoosh.query import Term

from .analysis import WORDS
from .store import get_store


def title_key(title):
    """The title's words, lower-cased: what an exact-title query must equal."""
    return " ".join(token.text for token in WORDS(title or ""))


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


class SwedishWhooshBackend(BaseSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.store = get_store(connection_options.get("PATH") or settings.WHOOSH_INDEX_PATH)

    def update(self, index, iterable, commit=True):
        with self.store.writer() as writer:
            for obj in iterable:
                writer.update_document(**document(index, obj))

    def remove(self, obj_or_string, commit=True):
        identifier = get_identifier(obj_or_string)
        with self.store.writer() as writer:
            writer.delete_by_term("id", identifier)

    def sync(self, index, pks):
        """Make the index agree with the database about these objects.

        The objects are read while the write lock is held, so when several processes save the
        same object at once, the last one to write also read the latest state: no update is
        lost to an older one overtaking it.
        """
        model = index.get_model()
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        with self.store.writer() as writer:
            fresh = index.index_queryset(using=self.connection_alias).filter(pk__in=pks)
            found = set()
            for obj in fresh:
                writer.update_document(**document(index, obj))
                found.add(obj.pk)
            for pk in set(pks) - found:
                writer.delete_by_term("id", f"{label}.{pk}")

    def clear(self, models=None, commit=True):
        if not models:
            self.store.clear()
            return
        with self.store.writer() as writer:
            for model in models:
                label = f"{model._meta.app_label}.{model._meta.model_name}"
                writer.delete_by_query(Term("django_ct", label))

    def search(self, query_string, **kwargs):
        raise NotImplementedError("Search through search.query.search(), not SearchQuerySet.")

    def more_like_this(self, *args, **kwargs):
        raise NotImplementedError


class _UnsupportedQuery(BaseSearchQuery):
    pass


class SwedishWhooshEngine(BaseEngine):
    backend = SwedishWhooshBackend
    query = _UnsupportedQuery
