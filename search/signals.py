from django.db import models, transaction
from haystack.exceptions import NotHandled
from haystack.signals import BaseSignalProcessor
from haystack.utils import get_identifier


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
            transaction.on_commit(lambda u=using, i=index: self._sync(i, instance, u))

    def handle_delete(self, sender, instance, **kwargs):
        # Django clears instance.pk after the delete, so take the document id now.
        identifier = get_identifier(instance)
        for using, index in self._indexes(sender):
            transaction.on_commit(lambda u=using, i=index: i.get_backend(u).remove(identifier))

    def handle_m2m(self, sender, instance, action, **kwargs):
        # Tags are set after the page itself is saved (the admin saves relations last).
        if action in ("post_add", "post_remove", "post_clear") and isinstance(
            instance, models.Model
        ):
            self.handle_save(type(instance), instance)

    @staticmethod
    def _sync(index, instance, using):
        if index.index_queryset(using=using).filter(pk=instance.pk).exists():
            fresh = index.read_queryset(using=using).get(pk=instance.pk)
            index.update_object(fresh, using=using)
        else:
            index.remove_object(instance, using=using)
