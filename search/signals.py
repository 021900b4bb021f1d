import logging
from functools import partial

from django.db import models, transaction
from haystack.exceptions import NotHandled
from haystack.signals import BaseSignalProcessor
from haystack.utils import get_identifier

from base import indexing, pagecache


class PublishedOnlySignalProcessor(BaseSignalProcessor):
    """Keep the index equal to each index's `index_queryset()` on every save and delete.

    Haystack's RealtimeSignalProcessor indexes whatever is saved, drafts included; this one asks
    the index whether the object belongs (published, active) and removes it otherwise. Updates run
    after the transaction commits, so a rolled-back save never reaches the index.
    """

    def setup(self):
        models.signals.post_save.connect(self.handle_save)
        models.signals.post_delete.connect(self.handle_delete)
        models.signals.m2m_changed.connect(self.handle_m2m)

    def teardown(self):
        models.signals.post_save.disconnect(self.handle_save)
        models.signals.post_delete.disconnect(self.handle_delete)
        models.signals.m2m_changed.disconnect(self.handle_m2m)

    def _indexes(self, model):
        for using in self.connection_router.for_write():
            try:
                yield using, self.connections[using].get_unified_index().get_index(model)
            except NotHandled:
                continue

    def handle_save(self, sender, instance, raw=False, **kwargs):
        if raw:
            return  # loaddata: the fixture's objects are indexed by rebuild_index afterwards.
        for using, index in self._indexes(sender):
            self._sync_later(using, index, [instance.pk])
        # Documents that show another model's data: a renamed section, channel or department.
        label = sender._meta.label
        for using in self.connection_router.for_write():
            for index in self.connections[using].get_unified_index().get_indexes().values():
                field = getattr(index, "depends_on", {}).get(label)
                if field:
                    pks = list(
                        index.index_queryset(using=using)
                        .filter(**{field: instance.pk})
                        .values_list("pk", flat=True)
                    )
                    if pks:
                        self._sync_later(using, index, pks)

    def _sync_later(self, using, index, pks):
        batch = indexing.pending()
        if batch is not None:  # one update at the end of the batch (base/indexing.py)
            batch.setdefault(
                (id(self), using, id(index)), (partial(self._sync, using, index), set())
            )[1].update(pks)
            return
        self._sync(using, index, pks)

    def _sync(self, using, index, pks):
        backend = self.connections[using].get_backend()
        database = index.get_model().objects.db
        if getattr(backend, "transactional", False):
            # In the save's own transaction: never stale, never lost. In a savepoint, so a
            # broken index costs a log line, not the editor's save.
            _guarded(partial(_in_savepoint, database, backend.sync, index, pks), index, pks,
                     backend)  # fmt: skip
            return
        sync = backend.sync if hasattr(backend, "sync") else partial(_stock_sync, backend, using)
        transaction.on_commit(lambda: _guarded(lambda: sync(index, pks), index, pks, backend),
                              using=database)  # fmt: skip

    def handle_delete(self, sender, instance, **kwargs):
        # Django clears instance.pk after the delete, so take the document id now.
        identifier = get_identifier(instance)
        for using, _index in self._indexes(sender):
            backend = self.connections[using].get_backend()
            if getattr(backend, "transactional", False):
                database = sender.objects.db
                _guarded(partial(_in_savepoint, database, backend.remove, identifier), sender,
                         [identifier], backend)  # fmt: skip
                continue
            transaction.on_commit(partial(_guarded, partial(backend.remove, identifier), sender,
                                          [identifier], backend))  # fmt: skip

    def handle_m2m(self, sender, instance, action, **kwargs):
        # Tags are set after the page itself is saved (the admin saves relations last).
        if action in ("post_add", "post_remove", "post_clear") and isinstance(
            instance, models.Model
        ):
            self.handle_save(type(instance), instance)


log = logging.getLogger(__name__)


def _stock_sync(backend, using, index, pks):
    """sync() for a stock haystack engine: update what belongs in the index, remove the rest."""
    current = list(index.index_queryset(using=using).filter(pk__in=pks))
    if current:
        backend.update(index, current)
    model = index.get_model()
    for pk in set(pks) - {obj.pk for obj in current}:
        backend.remove(f"{model._meta.app_label}.{model._meta.model_name}.{pk}")


def _in_savepoint(database, function, *args):
    with transaction.atomic(using=database):
        function(*args)


def _guarded(action, what, keys, backend=None):
    """Run an index update; if the index is damaged, log it and let the save stand. The health
    check reports the index, and rebuild_index (or make prod's ensure_index) repairs it: the
    engine is marked behind, so the next start syncs everything, not only recent saves."""
    try:
        action()
    except Exception:
        log.exception("The search index was not updated for %s %s", what, keys)
        if hasattr(backend, "mark_behind"):
            try:
                backend.mark_behind()
            except Exception:
                log.exception("The search index could not be marked behind")
    # After the commit the page cache has started over already, but a search in between may
    # have kept the old hits under the new generation: start over once the index has them.
    pagecache.forget_all()
