"""Batched index updates: the one thing feature apps say to the search engine's signal processor
(search/signals.py), without importing search. An import of thousands of accounts asks for one
index update at the end instead of one per account."""

import threading
from contextlib import contextmanager

_batch = threading.local()


def pending():
    """The open batch ({key: (flush, keys)}) or None: the signal processor adds to it."""
    return getattr(_batch, "pending", None)


@contextmanager
def batched_index_updates(discard=False):
    """Collect the index updates of many saves and make them once, at the end of the block. Used
    inside the saves' transaction. With discard, nothing is updated: for a transaction that will
    be rolled back, such as an import's preview."""
    if pending() is not None:
        yield  # already batching: the outer block updates
        return
    _batch.pending = {}
    try:
        yield
        collected = _batch.pending
    finally:
        _batch.pending = None
    if not discard:
        for flush, keys in collected.values():
            flush(sorted(keys))
