"""The index on disk: rebuilding aside while searches go on, and several writers at once."""

import io
import os
import subprocess
import sys
import tracemalloc
from io import StringIO
from unittest import mock

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase
from haystack import connections
from whoosh.filedb import compound as whoosh_compound
from whoosh.filedb.structfile import BufferFile

from handbook.models import Page
from search.backends.whoosh import mapped
from search.engine import search
from tests.factories import make_page, make_section

from .helpers import SearchTestCase


class RebuildTests(SearchTestCase):
    def test_rebuild_indexes_published_pages_only_and_reports_progress(self):
        make_page(title="Publicerad om gallring", body="Gallring.")
        make_page(title="Utkast om gallring", body="Gallring.", is_published=False)
        out = StringIO()
        call_command("rebuild_index", "--noinput", stdout=out)
        self.assertIn("sidor: 1/1 (100 %", out.getvalue())
        self.assertIn("Done: ", out.getvalue())
        response = self.search("gallring")
        self.assertContains(response, "1 träff")
        self.assertContains(response, "Publicerad om gallring")

    def test_searches_are_answered_from_the_old_index_during_a_rebuild(self):
        if not hasattr(connections["default"].get_backend(), "store"):
            self.skipTest("PostgreSQL rebuilds in one transaction: others see the old index")
        with self.captureOnCommitCallbacks(execute=True):
            kept = make_page(title="Gammal sida om beredskap", body="Beredskap.")
            edited = make_page(title="Sida som ändras", body="Beredskap.")
            removed = make_page(title="Sida som tas bort", body="Beredskap.")
        for n in range(3):
            make_page(title=f"Ny sida {n}", body="Beredskap.")  # not indexed until the rebuild
        seen_during = []

        def report(message):
            # Midway: the site still answers from the old generation, and editors keep working.
            if message.startswith("sidor: 0/"):
                seen_during.append(search("beredskap").total)
                edited.title = "Sida ändrad under bygget"
                edited.save()
                removed.delete()

        connections["default"].get_backend().rebuild(report)
        self.assertEqual(seen_during, [3])
        titles = {hit.title for hit in search("beredskap").hits}
        self.assertEqual(
            titles,
            {kept.title, "Sida ändrad under bygget", "Ny sida 0", "Ny sida 1", "Ny sida 2"},
        )
        store = connections["default"].get_backend().store
        generations = sorted(path.name for path in store.path.glob("g-*"))
        self.assertEqual(len(generations), 2)  # the live one and the one it replaced
        self.assertIn(store.live_generation().name, generations)


# Each child process saves its own pages over and over, all of them a shared page, and one of
# them deletes a page: real processes, each with Whoosh's single write lock to contend for.
CHILD = """
import sys, django
django.setup()
from django.db import transaction
from handbook.models import Page
worker, rounds = int(sys.argv[1]), int(sys.argv[2])
mine = list(Page.objects.filter(slug__startswith=f"w{worker}-").order_by("pk"))
for r in range(rounds):
    for page in mine:
        with transaction.atomic():
            page.title = f"Arbetare {worker} varv {r} sida {page.slug}"
            page.save()
    with transaction.atomic():
        shared = Page.objects.select_for_update().get(slug="delad")
        shared.body = f"Senast ändrad av arbetare {worker} varv {r}."
        shared.save()
if worker == 0:
    with transaction.atomic():
        Page.objects.get(slug="w0-0").delete()
print("ok")
"""


def database_url(db):
    """The test database (not the one settings name) as a URL for child processes."""
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class ParallelWritersTests(TransactionTestCase):
    WORKERS, ROUNDS, PAGES = 4, 3, 3

    def setUp(self):
        connections["default"].get_backend().clear()

    def test_parallel_processes_never_hit_a_lock_error_nor_lose_an_update(self):
        section = make_section()
        make_page(section=section, slug="delad", title="Delad sida", body="Start.")
        for worker in range(self.WORKERS):
            for n in range(self.PAGES):
                make_page(section=section, slug=f"w{worker}-{n}", title="Start", body="Text.")
        call_command("rebuild_index", verbosity=0)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(connection.settings_dict),
            "TEST_WHOOSH_INDEX_PATH": settings.HAYSTACK_CONNECTIONS["default"]["PATH"],
        }
        children = [
            subprocess.Popen(
                [sys.executable, "-c", CHILD, str(worker), str(self.ROUNDS)],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for worker in range(self.WORKERS)
        ]
        for child in children:
            out, err = child.communicate(timeout=300)
            self.assertEqual((child.returncode, out.strip()), (0, "ok"), err)
            self.assertNotIn("LockError", err)

        # The index says exactly what the database says, page by page.
        indexed = {
            identifier: (fields["title"], fields["text"])
            for identifier, fields in connections["default"]
            .get_backend()
            .stored_documents()
            .items()
        }
        pages = Page.objects.all()
        self.assertEqual(set(indexed), {f"handbook.page.{page.pk}" for page in pages})
        for page in pages:
            title, text = indexed[f"handbook.page.{page.pk}"]
            self.assertEqual(title, page.title)
            self.assertIn(page.body, text)
        self.assertFalse(Page.objects.filter(slug="w0-0").exists())
        last = f"varv {self.ROUNDS - 1}"
        self.assertEqual(search(f'"{last}"').total, self.WORKERS * self.PAGES - 1 + 1)


class MappedSegmentTests(SearchTestCase):
    """The segments' terms and postings are read where the index file is mapped, not copied
    into each process (search/backends/whoosh/mapped.py)."""

    def setUp(self):
        super().setUp()
        backend = connections["default"].get_backend()
        if not hasattr(backend, "store"):
            self.skipTest("the embedded engine's files")
        self.store = backend.store

    def test_the_pinned_whoosh_is_the_one_the_reading_was_written_for(self):
        # Fails after an upgrade until mapped.py is checked against the new BufferFile.
        self.assertIs(whoosh_compound.BufferFile, mapped.MappedFile)

    def test_a_part_reads_as_bytesio_would_read_a_copy(self):
        data = bytes(range(256)) * 3 + b"rad ett\nrad tv\xc3\xa5\n\nslut"
        steps = [("read", 5), ("tell",), ("read", 0), ("seek", 10, 1), ("read", 7), ("seek", -4, 2),
                 ("read", 100), ("read", 1), ("tell",), ("seek", 3), ("read", -1), ("seek", 0),
                 ("read", None), ("seek", 768), ("readline",), ("readline", 3), ("readline",),
                 ("readline",), ("readline",), ("readline",), ("seek", 5000), ("read", 2),
                 ("tell",), ("seek", 2, 0), ("seek", -20, 1), ("read", 3), ("seek", -9999, 2),
                 ("tell",), ("seek", 0, 2), ("read", 1)]  # fmt: skip
        part = mapped.PartReader(memoryview(data))
        copy = io.BytesIO(data)
        for name, *args in steps:
            with self.subTest(step=(name, *args)):
                self.assertEqual(getattr(part, name)(*args), getattr(copy, name)(*args))
        with self.assertRaises(ValueError):
            part.seek(-1)

    def test_opening_and_searching_copies_no_segment_into_memory(self):
        if tracemalloc.is_tracing():  # started outside: its peak would hold all before
            self.skipTest("tracemalloc is already tracing")
        words = ["beredskap", "kanal", "inlägg", "publicering", "granskning", "arkivering"]
        with self.captureOnCommitCallbacks(execute=True):
            for n in range(120):
                body = " ".join(f"{words[(n + k) % 6]}{n * 7 + k}" for k in range(120))
                make_page(title=f"Sida {n} om beredskap", body=body)
        self.store.close()  # the next search opens the segments anew
        with self.store.searcher() as searcher:
            leaves = [leaf for leaf, _base in searcher.reader().leaf_readers()]
        sizes = 0
        for leaf in leaves:
            storage = leaf.storage().a  # the segment's compound file (an OverlayStorage's first)
            self.assertIsInstance(storage, whoosh_compound.CompoundStorage)
            for name in storage.list():
                part = storage.open_file(name)
                self.assertIsInstance(part, mapped.MappedFile)
                self.assertEqual(part.read(), bytes(part._buf))  # the whole part, in place
                sizes += storage.range(name)[1]
        self.assertEqual(search("beredskap").total, 120)  # the word lists and caches read
        in_place = self.peak_opening_and_searching()
        with mock.patch.object(whoosh_compound, "BufferFile", BufferFile):  # Whoosh's own
            copied = self.peak_opening_and_searching()
        # Whoosh's own BufferFile copies each part it reads (the terms and the postings, most
        # of the segment); besides those, the search allocates the same in both.
        self.assertGreater(sizes, 400_000)
        self.assertGreater(copied - in_place, sizes / 2)

    def peak_opening_and_searching(self):
        self.store.close()  # the next search opens the index anew
        tracemalloc.start()
        try:
            self.assertEqual(len(search("beredskap", page=12).hits), 10)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


class TableOfContentsTests(SearchTestCase):
    """What every commit writes and every refresh reads again stays small, however many words
    the writing process has stemmed (search/backends/analysis.py, SwedishStemFilter)."""

    def test_a_commit_after_many_words_writes_a_small_table_of_contents(self):
        backend = connections["default"].get_backend()
        if not hasattr(backend, "store"):
            self.skipTest("the embedded engine's files")
        with self.captureOnCommitCallbacks(execute=True):
            for n in range(20):
                make_page(title=f"Ordlista {n}",
                          body=" ".join(f"ordet{n}x{k}s" for k in range(200)))  # fmt: skip
        folder = backend.store.live_generation()
        newest = max(folder.glob("_*.toc"), key=lambda path: path.stat().st_mtime_ns)
        self.assertLess(newest.stat().st_size, 20_000)
