"""A start-up (make prod's ensure_index) brings the index up to date without indexing everything
again: at national size that took minutes before the server would listen."""

import datetime
import re
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.utils import timezone
from haystack import connections

from handbook.models import Page
from search import engine
from search.backends import analysis
from search.backends.whoosh import query as whoosh_query

from .helpers import SearchTestCase


class StartUpTests(SearchTestCase):
    def setUp(self):
        super().setUp()
        self.backend = connections["default"].get_backend()
        self.pages = [self.create(title=f"Rutin nummer {n}", body="Kontoplan.") for n in range(4)]
        # Saved long before the last start, which synced everything.
        Page.objects.update(updated_at=timezone.now() - datetime.timedelta(days=1))
        if hasattr(self.backend, "store"):
            self.backend.store.mark_behind()  # whatever earlier tests left: sync everything
            self.assertEqual(self.start(), self.indexable())
        else:
            self.assertEqual(self.start(), 0)  # every save reached the index in its transaction

    def start(self):
        out = StringIO()
        call_command("ensure_index", stdout=out, stderr=StringIO(), verbosity=1)
        return int(re.search(r"\((\d+) objects synced\)", out.getvalue()).group(1))

    def indexable(self):
        indexes = connections["default"].get_unified_index().get_indexes().values()
        return sum(index.index_queryset().count() for index in indexes)

    def titles(self, query):
        return [hit.title for hit in self.search(query).context["results"].hits]

    def test_only_what_is_missing_left_over_or_changed_since_is_synced(self):
        lost, changed = self.pages[0], self.pages[1]
        self.backend.remove(lost)  # a write that never reached the index
        self.assertNotIn("Rutin nummer 0", self.titles("rutin"))
        gone = Page.objects.filter(pk=self.pages[2].pk)
        gone.update(is_published=False)  # past the signals: its document is left over
        if hasattr(self.backend, "store"):
            # An engine that writes after the commit can miss a save (a process that dies in
            # between): what was saved since the last start is synced too.
            Page.objects.filter(pk=changed.pk).update(title="Krisrutin", updated_at=timezone.now())
        self.assertEqual(self.start(), 3 if hasattr(self.backend, "store") else 2)
        titles = self.titles("rutin")
        self.assertIn("Rutin nummer 0", titles)
        self.assertNotIn("Rutin nummer 2", titles)
        if hasattr(self.backend, "store"):
            self.assertEqual(self.titles("krisrutin"), ["Krisrutin"])
        Page.objects.update(updated_at=timezone.now() - datetime.timedelta(days=1))
        self.assertEqual(self.start(), 0)  # nothing left to do

    def test_a_start_soon_after_many_saves_writes_only_documents_that_differ(self):
        """Everything saved minutes before a start (an import, a rebuild) is compared with the
        index, not written again: at national size writing it all kept make prod from
        listening for over ten minutes."""
        if not hasattr(self.backend, "store"):
            self.skipTest("PostgreSQL syncs only what is missing or left over")
        Page.objects.update(updated_at=timezone.now())  # all of them inside the start's slack
        self.assertEqual(self.start(), 0)
        changed = Page.objects.filter(pk=self.pages[1].pk)
        changed.update(title="Krisrutin", updated_at=timezone.now())  # past the signals
        self.assertEqual(self.start(), 1)
        self.assertEqual(self.titles("krisrutin"), ["Krisrutin"])
        self.assertEqual(self.start(), 0)

    def test_after_a_failed_write_the_next_start_syncs_everything(self):
        if not hasattr(self.backend, "store"):
            self.skipTest("PostgreSQL writes in the save's transaction: no write is lost")
        page = self.pages[3]
        page.title = "Rutin för sociala medier"
        with (
            mock.patch.object(type(self.backend), "sync", side_effect=OSError("disk full")),
            self.assertLogs("search.signals", level="ERROR"),
        ):
            self.save(page)
        self.assertEqual(self.titles("sociala"), [])
        Page.objects.filter(pk=page.pk).update(
            updated_at=timezone.now() - datetime.timedelta(days=1)
        )
        self.assertEqual(self.start(), self.indexable())
        self.assertEqual(self.titles("sociala"), ["Rutin för sociala medier"])
        self.assertEqual(self.start(), 0)

    def test_a_start_without_a_record_syncs_everything(self):
        if not hasattr(self.backend, "store"):
            self.skipTest("the record belongs to the embedded engine's folder")
        (self.backend.store.path / "CAUGHT_UP").unlink()
        self.assertEqual(self.start(), self.indexable())


class WarmUpTests(SearchTestCase):
    """search.engine.warm (config/warmup.py, before a worker's first request): the first search
    of a process then builds nothing of what a search reads from the whole index."""

    def test_a_warmed_process_builds_nothing_for_its_first_search(self):
        self.create(title="Tillgängliga inlägg", body="Skriv alternativtext.", tags=["före"])
        analysis._parts.cache_clear()  # as in a new process
        analysis._zipf.cache_clear()
        engine.warm()
        self.assertEqual(analysis._parts.cache_info().currsize, 1)
        building = [mock.patch("wordfreq.get_frequency_dict", side_effect=AssertionError("list"))]
        if hasattr(connections["default"].get_backend(), "store"):  # Whoosh's own caches
            building += [
                mock.patch.object(whoosh_query, name, side_effect=AssertionError(name))
                for name in ("_segment_variants", "_segment_facets")
            ]
        for patch in building:
            self.enterContext(patch)
        found = engine.search("inlagg")  # typed without å and ä: the accented words' cache
        self.assertEqual([hit.title for hit in found.hits], ["Tillgängliga inlägg"])
        self.assertEqual(dict(found.facets["tags"]), {"före": 1})
