"""The shared cache on Redis (base.cache.RedisCache): Django's, keeping its client objects."""

from unittest import skipUnless

from django.conf import settings
from django.core.cache import caches
from django.test import SimpleTestCase

from base.cache import RedisCache


@skipUnless(settings.REDIS_URL, "the shared Redis of the PostgreSQL run")
class KeptClientTests(SimpleTestCase):
    def test_one_client_object_serves_every_operation(self):
        # Django's backend made a new redis.Redis for each operation, 166 us apiece.
        for name in ("default", "pages"):
            with self.subTest(cache=name):
                cache = caches[name]
                self.assertIsInstance(cache, RedisCache)
                client = cache._cache.get_client()
                self.assertIs(cache._cache.get_client("key", write=True), client)
                cache.set("kept", {"value": 1})
                cache.set_many({"first": 1, "second": 2})
                self.assertEqual(cache.get("kept"), {"value": 1})
                self.assertEqual(cache.get_many(["first", "second"]), {"first": 1, "second": 2})
                self.assertEqual(cache.incr("first"), 2)
                self.assertTrue(cache.delete("kept"))
                self.assertIsNone(cache.get("kept"))
                cache.delete_many(["first", "second"])
                self.assertIs(cache._cache.get_client(), client)
