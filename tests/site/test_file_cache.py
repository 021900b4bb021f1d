"""The page cache on one machine (base.cache.SharedFileCache): Django's file cache, values
stored uncompressed under a suffix of their own."""

import os
import tempfile
import threading
import time
from pathlib import Path
from unittest import mock

from django.core.cache.backends.filebased import FileBasedCache
from django.http import HttpResponse
from django.test import SimpleTestCase

from base import cache as file_cache
from base.cache import SharedFileCache


class SharedFileCacheTests(SimpleTestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory(prefix="portal-file-cache-")
        self.folder = Path(self.enterContext(folder))
        self.cache = SharedFileCache(str(self.folder), {})

    def test_a_kept_response_comes_back_whole(self):
        response = HttpResponse("<p>Sidan</p>", headers={"ETag": '"abc"'})
        self.cache.set("page", response, 60)
        kept = self.cache.get("page")
        self.assertEqual(kept.content, b"<p>Sidan</p>")
        self.assertEqual(kept["ETag"], '"abc"')
        # Another process's cache object reads the same folder.
        self.assertEqual(SharedFileCache(str(self.folder), {}).get("page").content, kept.content)

    def test_expiry_add_touch_and_delete(self):
        self.cache.set("short", "x", 1)
        self.assertFalse(self.cache.add("short", "y", 60))
        self.assertTrue(self.cache.touch("short", 60))
        self.assertEqual(self.cache.get("short"), "x")
        self.cache.set("gone", "x", 1)
        time.sleep(1.1)
        self.assertIsNone(self.cache.get("gone"))
        self.assertFalse(self.cache.touch("gone", 60))
        self.assertTrue(self.cache.add("gone", "z", 60))
        self.assertEqual(self.cache.get("gone"), "z")
        self.cache.delete("gone")
        self.assertEqual(self.cache.get("gone", "default"), "default")

    def test_stored_uncompressed_and_apart_from_django_format(self):
        self.cache.set("page", "tvåstegsverifiering " * 50, 60)
        (stored,) = self.folder.glob("*.page")
        self.assertIn("tvåstegsverifiering".encode(), stored.read_bytes())
        # A file in Django's compressed format in the same folder is not ours to read.
        FileBasedCache(str(self.folder), {}).set("page", "old", 60)
        self.assertEqual(self.cache.get("page"), "tvåstegsverifiering " * 50)
        self.cache.clear()
        self.assertEqual(list(self.folder.glob("*.page")), [])

    def test_a_large_value_comes_back_whole_and_an_empty_file_is_a_miss(self):
        large = bytes(range(256)) * 5000  # larger than one read
        self.cache.set("large", large, 60)
        self.assertEqual(self.cache.get("large"), large)
        Path(self.cache._key_to_file("large")).write_bytes(b"")  # a write cut short
        self.assertEqual(self.cache.get("large", "default"), "default")
        self.assertFalse(Path(self.cache._key_to_file("large")).exists())

    def test_a_value_is_never_written_into_the_file_a_reader_has_open(self):
        self.cache.set("page", "gammal", 60)
        path = self.cache._key_to_file("page")
        reader = os.open(path, os.O_RDONLY)
        self.addCleanup(os.close, reader)
        self.cache.set("page", "ny", 60)
        self.assertEqual(file_cache._unpickle(os.pread(reader, 10_000, 0)), (mock.ANY, "gammal"))
        self.assertEqual(self.cache.get("page"), "ny")

    def test_a_held_key_is_read_again_only_when_another_write_replaced_it(self):
        options = {"OPTIONS": {"HELD": ["pages:generation"]}}
        here = SharedFileCache(str(self.folder), options)
        there = SharedFileCache(str(self.folder), options)  # another process's
        here.set("pages:generation", "g1", None)
        reads = mock.Mock(wraps=file_cache._unpickle)
        with mock.patch.object(file_cache, "_unpickle", reads):
            self.assertEqual([here.get("pages:generation") for _ in range(50)], ["g1"] * 50)
            self.assertEqual(reads.call_count, 1)
            there.set("pages:generation", "g2", None)
            self.assertEqual([here.get("pages:generation") for _ in range(50)], ["g2"] * 50)
            self.assertEqual(reads.call_count, 2)
        there.delete("pages:generation")
        self.assertEqual(here.get("pages:generation", "ingen"), "ingen")
        there.set("pages:generation", "g3", 1)
        self.assertEqual(here.get("pages:generation"), "g3")
        time.sleep(1.1)
        self.assertEqual(here.get("pages:generation", "ingen"), "ingen")

    def test_a_held_key_keeps_one_file_open_however_often_it_is_replaced(self):
        here = SharedFileCache(str(self.folder), {"OPTIONS": {"HELD": ["pages:generation"]}})
        there = SharedFileCache(str(self.folder), {})
        here.set("pages:generation", "g0", None)
        here.get("pages:generation")
        before = len(os.listdir("/proc/self/fd"))
        for n in range(50):
            there.set("pages:generation", f"g{n}", None)
            self.assertEqual(here.get("pages:generation"), f"g{n}")
        self.assertEqual(len(os.listdir("/proc/self/fd")), before)

    def test_the_cull_spares_the_generation_and_removes_a_third_of_the_rest(self):
        """Django's cull deletes files at random: the page cache's generation among them would
        make every kept page unreachable at once. (Kept 20 times running, where a third at
        random would have spared it once in 3 000.)"""
        options = {"MAX_ENTRIES": 30, "SPARE": ["pages:generation"]}
        cache = SharedFileCache(str(self.folder), {"OPTIONS": options})
        cache.set("pages:generation", "g1", None)
        for round_ in range(20):
            with mock.patch.object(cache, "_cull"):  # culled below, in this thread
                for n in range(30):
                    cache.set(f"page-{round_}-{n}", "sida", 60)
            pages = len(list(self.folder.glob("*.page"))) - 1
            cache._cull_now()
            self.assertEqual(cache.get("pages:generation"), "g1")
            self.assertEqual(len(list(self.folder.glob("*.page"))) - 1, pages - pages // 3)

    def test_the_cull_runs_beside_the_request_one_at_a_time(self):
        ran_in, started, release = [], threading.Event(), threading.Event()

        def cull():
            ran_in.append(threading.current_thread())
            started.set()
            release.wait(5)

        # A cull another test's write may have started is over first.
        self.assertTrue(SharedFileCache._culling.acquire(timeout=5))
        SharedFileCache._culling.release()
        with (
            mock.patch.object(self.cache, "_cull_now", cull),
            mock.patch.object(self.cache, "CULL_EVERY", 1),  # a cull on every write
        ):
            self.cache.set("a", "sida", 60)
            self.assertTrue(started.wait(5))
            self.cache.set("b", "sida", 60)  # the first cull still runs: no second one
            release.set()
        self.assertEqual(len(ran_in), 1)
        self.assertIsNot(ran_in[0], threading.current_thread())
        self.assertEqual((self.cache.get("a"), self.cache.get("b")), ("sida", "sida"))
        ran_in[0].join(5)
        self.assertTrue(SharedFileCache._culling.acquire(blocking=False))  # released after
        SharedFileCache._culling.release()

    def test_a_cull_that_fails_is_logged_and_the_next_one_runs(self):
        with (
            mock.patch.object(self.cache, "_cull_now", side_effect=PermissionError("nej")),
            mock.patch.object(self.cache, "CULL_EVERY", 1),
            self.assertLogs("base.cache", "ERROR"),
        ):
            self.cache._culling.acquire()
            self.cache._cull_in_thread()  # as the thread runs it
        self.assertTrue(SharedFileCache._culling.acquire(blocking=False))
        SharedFileCache._culling.release()
        with (
            mock.patch.object(threading.Thread, "start", side_effect=RuntimeError("no thread")),
            mock.patch.object(self.cache, "CULL_EVERY", 1),
            self.assertLogs("base.cache", "WARNING"),
        ):
            self.cache.set("c", "sida", 60)  # stored all the same
        self.assertEqual(self.cache.get("c"), "sida")
        self.assertTrue(SharedFileCache._culling.acquire(blocking=False))
        SharedFileCache._culling.release()

    def test_the_page_cache_spares_its_generation(self):
        from base import pagecache
        from config.settings import base

        pages = base.CACHES["pages"]
        if pages["BACKEND"] != "base.cache.SharedFileCache":
            self.skipTest("the page cache is in Redis (REDIS_URL), which evicts the least used")
        self.assertIn(pagecache.GENERATION_KEY, pages["OPTIONS"]["SPARE"])
        self.assertIn(pagecache.GENERATION_KEY, pages["OPTIONS"]["HELD"])
