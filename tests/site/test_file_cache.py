"""The page cache on one machine (base.cache.SharedFileCache): Django's file cache, values
stored uncompressed under a suffix of their own."""

import tempfile
import time
from pathlib import Path

from django.core.cache.backends.filebased import FileBasedCache
from django.http import HttpResponse
from django.test import SimpleTestCase

from base.cache import SharedFileCache


class SharedFileCacheTests(SimpleTestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="portal-file-cache-"))
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
