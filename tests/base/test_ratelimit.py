"""The public forms' hourly limit: who the sender is behind proxies, and one count per sender."""

from unittest import mock, skipUnless

from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings

from base.ratelimit import HourlyLimit, client_address
from tests.rediscache import OwnKeysRedisCache


def request(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().post("/synpunkter/", REMOTE_ADDR=remote, **extra)


class ClientAddressTests(SimpleTestCase):
    def test_without_trusted_proxies_the_header_is_ignored(self):
        self.assertEqual(client_address(request("198.51.100.7", "203.0.113.9")), "198.51.100.7")

    @override_settings(PORTAL_TRUSTED_PROXIES=["10.0.0.5", "10.1.0.0/16"])
    def test_behind_trusted_proxies_the_client_is_the_first_untrusted_from_the_right(self):
        cases = [
            (("10.0.0.5", "203.0.113.9"), "203.0.113.9"),
            (("10.0.0.5", "203.0.113.9, 10.1.2.3"), "203.0.113.9"),
            # Whatever the client wrote itself stands to the left and is never believed.
            (("10.0.0.5", "1.1.1.1, 203.0.113.9"), "203.0.113.9"),
            # Not from a trusted proxy: the header is anyone's text.
            (("198.51.100.7", "203.0.113.9"), "198.51.100.7"),
            # Junk or nothing but proxies: the proxy's own address.
            (("10.0.0.5", "not-an-address"), "10.0.0.5"),
            (("10.0.0.5", "10.1.0.9"), "10.0.0.5"),
            (("10.0.0.5", ""), "10.0.0.5"),
        ]
        for (remote, forwarded), expected in cases:
            with self.subTest(remote=remote, forwarded=forwarded):
                self.assertEqual(client_address(request(remote, forwarded)), expected)


@override_settings(PORTAL_TRUSTED_PROXIES=["10.0.0.5"])
class HourlyLimitTests(SimpleTestCase):
    def setUp(self):
        cache.clear()

    def test_each_client_behind_the_proxy_has_its_own_count(self):
        limit = HourlyLimit("test-form", per_hour=2)
        alice, bob = request("10.0.0.5", "203.0.113.1"), request("10.0.0.5", "203.0.113.2")
        for _ in range(2):
            self.assertFalse(limit.reached(alice))
            limit.count(alice)
        self.assertTrue(limit.reached(alice))
        self.assertFalse(limit.reached(bob))  # the proxy's address is not one shared sender
        # The cache key is a signature, never the address.
        self.assertNotIn("203.0.113", limit._key(alice))


@override_settings(PORTAL_RATE_LIMITS={"api": (3, 60), "export": (2, 60), "search": (2, 60)})
class RequestLimitTests(TestCase):
    def setUp(self):
        cache.clear()
        # One fixed moment, in the middle of a window: requests of one test that straddled a
        # minute boundary would start a new count (seen once in CI as 200 != 429).
        clock = mock.patch("base.ratelimit.time.time", return_value=1_800_000_030.0)
        clock.start()
        self.addCleanup(clock.stop)

    def assert_limited(self, url, allowed):
        for _ in range(allowed):
            self.assertNotEqual(self.client.get(url).status_code, 429, url)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 429, url)
        self.assertGreater(int(response["Retry-After"]), 0)
        # Another client is counted on its own.
        other = self.client_class(REMOTE_ADDR="198.51.100.9")
        self.assertNotEqual(other.get(url).status_code, 429)
        return response

    def test_the_api_the_exports_and_search_are_limited_per_client(self):
        response = self.assert_limited("/api/v1/accounts/", 3)
        self.assertIn("rate", response.json()["errors"])
        self.assertEqual(self.client.get("/konton/").status_code, 200)  # pages are not limited
        self.assert_limited("/konton/export.csv", 2)
        response = self.assert_limited("/sok/?q=konto", 2)
        self.assertContains(response, "Många sökningar på kort tid", status_code=429)
        # The empty search page costs nothing and is not counted.
        self.assertEqual(self.client.get("/sok/").status_code, 200)


@override_settings(PORTAL_FORM_LIMIT_PER_HOUR=2)
class FormLimitSettingTests(TestCase):
    def test_the_public_forms_limit_is_a_setting(self):
        cache.clear()
        self.client.get("/synpunkter/")
        data = {"topic": "accessibility", "page": "/handbok/", "message": "Knappen syns inte.",
                "reply_to": "", "webbplats": ""}  # fmt: skip
        statuses = [self.client.post("/synpunkter/", data).status_code for _ in range(3)]
        self.assertEqual(statuses, [302, 302, 429])


@skipUnless(settings.REDIS_URL, "the shared Redis of the PostgreSQL run")
class SharedRedisTests(SimpleTestCase):
    """The test workers share one Redis; each clears only its own keys (tests/rediscache.py),
    so a count made in one worker survives another's clear()."""

    def test_another_workers_clear_leaves_this_workers_keys(self):
        location = settings.CACHES["default"]["LOCATION"]
        other = OwnKeysRedisCache(location, {"KEY_PREFIX": f"{cache.key_prefix}-another"})
        cache.set("count", 2)
        other.set("count", 5)
        other.clear()
        self.assertEqual(cache.get("count"), 2)
        self.assertIsNone(other.get("count"))
        cache.clear()
        self.assertIsNone(cache.get("count"))
