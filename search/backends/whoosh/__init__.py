"""The embedded engine: a Swedish Whoosh index in a folder, behind haystack's backend API.

Haystack stays where it serves us: `search_indexes.py` in each app says what is indexed and how
(`index_queryset`, `prepare_*`), haystack's `update_index`/`clear_index` commands work, and its
signal processor base class drives realtime updates. Everything that touches Whoosh is in this
package (`store.py`, `query.py`, `rebuild.py`) instead of haystack's Whoosh backend, which stems
English, tokenises facet values, stores every text field sortable, opens a new searcher per query
and drops deletes on a locked index (`../shared/notes/search-stack.md` has the measurements).

Besides haystack's contract it offers the portal's own (search.backends): `find()` for a whole
results page, `sync()` for a save, `rebuild()` aside.
"""

import datetime

from django.utils import timezone
from haystack import connections
from haystack.backends import BaseEngine
from haystack.utils import get_identifier
from whoosh.query import Term

from .. import PortalBackend, UnsupportedQuery
from ..catchup import catch_up
from ..documents import document
from . import query, rebuild
from .store import fields, get_store, schema

SLACK = datetime.timedelta(minutes=10)


class SwedishWhooshBackend(PortalBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        # The index's one location: this connection's PATH in HAYSTACK_CONNECTIONS.
        self.store = get_store(connection_options["PATH"])

    def update(self, index, iterable, commit=True):
        with self.store.writer() as writer:
            for obj in iterable:
                writer.update_document(**fields(document(index, obj), writer.schema))

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
                writer.update_document(**fields(document(index, obj), writer.schema))
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

    def find(self, text, **options):
        """A whole results page (search.results.Results): hits, facets, pins, suggestion."""
        return query.search(self.store, text, **options)

    def warm(self):
        query.warm(self.store)

    def indexed_ids(self):
        return set(self.indexed_digests())

    def indexed_digests(self):
        """{id: digest} of the index's live documents. Read from the stored fields, which
        skip deleted documents: walking the id terms and their postings instead took 12 s at
        national size, against half a second."""
        with self.store.searcher() as searcher:
            return {fields["id"]: fields.get("digest")
                    for fields in searcher.all_stored_fields()}  # fmt: skip

    def catch_up(self, report=lambda message: None):
        """After a start: sync what changed since the index last caught up, and whatever it
        and the database disagree on; a rebuild when it never caught up or a write failed
        since (signals.py marks that). The number of objects synced or indexed."""
        since = self.store.caught_up_at()
        if since is None:
            # Everything, then as a rebuild aside: one writer for all of it (124 s at national
            # size, where syncing every object in batches took over 24 minutes).
            report("The index has no record of being up to date: rebuilding it.")
            return self.rebuild(report)
        begun = timezone.now()
        self.store.forget_behind()
        indexes = list(rebuild._indexes(self.connection_alias))
        # Saves a few minutes older count too: a transaction open at that moment may have
        # committed its change afterwards.
        synced = catch_up(self, indexes, since=since - SLACK)
        self.store.mark_caught_up(begun)
        return synced

    def mark_behind(self):
        self.store.mark_behind()

    def stored_documents(self):
        """{id: {"title", "text"}} of every document: for checks that the index is whole."""
        with self.store.searcher() as searcher:
            return {fields["id"]: {"title": fields.get("title", ""), "text": fields.get("text", "")}
                    for fields in searcher.all_stored_fields()}  # fmt: skip

    def health(self):
        """Raises unless the live index can be read and holds documents when the database has
        something to index: a deleted index folder would otherwise come back empty, silently."""
        with self.store.searcher() as searcher:
            documents = searcher.doc_count()
            missing = set(schema().names()) - set(searcher.schema.names())
        if missing:
            # An index from an older version of the analysis (a field added since).
            raise RuntimeError(f"The search index lacks {', '.join(sorted(missing))}: "
                               "run rebuild_index.")  # fmt: skip
        if not documents and any(
            index.index_queryset(using=self.connection_alias).exists()
            for index in connections[self.connection_alias]
            .get_unified_index()
            .get_indexes()
            .values()
        ):
            raise RuntimeError("The search index is empty: run rebuild_index.")

    def rebuild(self, report=lambda message: None):
        """Index everything aside while searches go on, swap it in, catch up; the count."""
        return rebuild.rebuild(self, report)


class SwedishWhooshEngine(BaseEngine):
    backend = SwedishWhooshBackend
    query = UnsupportedQuery
