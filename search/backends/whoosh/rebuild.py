"""Rebuilding the index aside while the site keeps answering, then swapping it in."""

import time

from django.utils import timezone

from ..catchup import catch_up
from ..documents import document
from .store import fields

CHUNK = 500


def rebuild(backend, report=lambda message: None):
    """Index everything into a new generation, make it live, then catch up with the edits
    made while it was being built. Returns the number of documents indexed."""
    store, using = backend.store, backend.connection_alias
    indexes = list(_indexes(using))
    started = timezone.now()
    store.forget_behind()  # a write that fails from here on says so again
    folder = store.new_generation()
    # One writer for the whole build, big enough to flush rarely: segment merges and flushes
    # are where Whoosh spends its time on a large batch.
    writer = store.open(folder).writer(limitmb=256)
    total = 0
    try:
        for index in indexes:
            model = index.get_model()
            queryset = index.build_queryset(using=using).order_by("pk")
            count = queryset.count()
            label = model._meta.verbose_name_plural
            clock, done = time.monotonic(), 0
            report(f"{label}: 0/{count}")
            for obj in queryset.iterator(chunk_size=CHUNK):
                writer.add_document(**fields(document(index, obj), writer.schema))
                done += 1
                if done % CHUNK == 0 or done == count:
                    rate = done / max(time.monotonic() - clock, 1e-6)
                    share = done * 100 // max(count, 1)
                    report(f"{label}: {done}/{count} ({share} %, {rate:.0f}/s)")
            total += done
        report("Writing the index to disk…")
        writer.commit(optimize=True)
    except BaseException:
        writer.cancel()
        raise
    store.swap(folder)
    report("The new index is live. Catching up with edits made during the rebuild…")
    caught_up = catch_up(backend, indexes, started)
    store.mark_caught_up(started)
    report(f"Done: {total} documents, {caught_up} updated afterwards.")
    return total


def _indexes(using):
    from haystack import connections

    return connections[using].get_unified_index().get_indexes().values()
