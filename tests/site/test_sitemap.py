"""/sitemap.xml is an index of parts, each well under the protocol's 50 000 addresses."""

import datetime
import re
from unittest import mock

from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import SimpleTestCase, TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from base import pagecache, sitemaps
from base.sitemaps import PortalSitemap
from tests.factories import demo_channels, make_account, make_department
from tests.sitemaps import part_addresses, whole_sitemap

# A host as long as a public body's: sociala-medier.<organisation>.se.
LONG_HOST = "sociala-medier.exempelkommunens-forvaltning.se"


class SitemapIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        channel = demo_channels()["facebook"]
        department = make_department()
        cls.accounts = [
            make_account(channel=channel, url=f"https://www.facebook.com/konto.nummer{n}",
                         department=department)
            for n in range(5)
        ]  # fmt: skip

    def test_parts_are_small_and_together_list_every_account(self):
        self.assertLess(PortalSitemap.limit, 50_000)
        with mock.patch.object(PortalSitemap, "limit", 2):
            parts = part_addresses(self.client)
            self.assertIn("/sitemap-accounts.xml?p=3", parts)
            for address in parts:
                body = self.client.get(address).content.decode()
                self.assertLessEqual(body.count("<url>"), 2 if "accounts" in address else 99)
            listed = whole_sitemap(self.client)
        for account in self.accounts:
            self.assertEqual(listed.count(f"/konton/{account.pk}/</loc>"), 1)

    @override_settings(ALLOWED_HOSTS=[LONG_HOST])
    def test_a_full_part_of_accounts_fits_in_the_page_cache(self):
        body = self.client.get("/sitemap-accounts.xml", HTTP_HOST=LONG_HOST).content
        entries = re.findall(rb"<url>.*?</url>", body)
        self.assertEqual(len(entries), len(self.accounts))
        longest = max(map(len, entries)) + 6  # room for ids six digits longer
        full = len(body) - sum(map(len, entries)) + PortalSitemap.limit * longest
        self.assertLess(full, pagecache.LARGEST)
        self.assertEqual(self.client.get("/sitemap-accounts.xml", HTTP_HOST=LONG_HOST)["X-Cache"],
                         "hit")  # fmt: skip

    @override_settings(PORTAL_PAGE_CACHE_SECONDS=0)
    def test_the_index_costs_the_same_whatever_the_number_of_accounts(self):
        channel = self.accounts[0].channel
        counts = []
        for size in (5, 50):
            for n in range(len(self.accounts), size):
                self.accounts.append(make_account(
                    channel=channel, url=f"https://www.facebook.com/konto.nummer{n}",
                    department=self.accounts[0].department))  # fmt: skip
            with CaptureQueriesContext(connection) as queries:
                index = self.client.get("/sitemap.xml")
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])
        self.assertEqual(counts[0], 9)  # a count or a latest date per part, a few one-offs
        self.assertEqual(len(re.findall("<sitemap>", index.content.decode())), 7)
        self.assertContains(index, "<lastmod>")

    @override_settings(PORTAL_PAGE_CACHE_SECONDS=0)
    def test_each_parts_date_is_the_newest_of_what_it_lists_read_through_an_index(self):
        from registry.models import Account

        def dates():
            index = self.client.get("/sitemap.xml").content.decode()
            return dict(re.findall(r"sitemap-([\w-]+)\.xml</loc>\s*<lastmod>([\d-]{10})", index))

        moment = datetime.datetime(2026, 5, 4, 12, tzinfo=datetime.UTC)
        Account.objects.update(updated_at=moment - datetime.timedelta(days=30))
        Account.objects.filter(pk=self.accounts[2].pk).update(updated_at=moment)
        self.assertEqual(dates()["accounts"], "2026-05-04")
        # Later changes to accounts the part does not list (closed, proposed) do not count.
        closing = {"status": "closed", "closed_on": datetime.date(2026, 6, 1)}
        Account.objects.filter(pk=self.accounts[3].pk).update(
            **closing, updated_at=moment + datetime.timedelta(days=40)
        )
        self.assertEqual(dates()["accounts"], "2026-05-04")
        Account.objects.filter(pk=self.accounts[2].pk).update(**closing)
        self.assertEqual(dates()["accounts"], "2026-04-04")
        # The newest first through the index, not every account read (90 ms at national size):
        # the query the index asks, as the database plans it.
        with CaptureQueriesContext(connection) as queries:
            dates()
        asked = [q["sql"] for q in queries if 'FROM "registry_account"' in q["sql"]]
        newest = next(sql for sql in asked if '"updated_at"' in sql)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("ANALYZE registry_account")  # as make prod does (analyze_database)
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL enable_seqscan = off")  # a test's table is small
                cursor.execute("EXPLAIN " + newest)
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + newest)
            plan = " ".join(str(row) for row in cursor.fetchall())
        self.assertIn("account_by_updated", plan)
        self.assertIn("LIMIT 1", newest)  # stops at the first one listed


class PartWriterTests(SimpleTestCase):
    """A part is written out directly (base.sitemaps.urlset), as Django's sitemap.xml template
    would have written it, byte for byte."""

    def test_the_same_bytes_as_djangos_template(self):
        late_evening = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)  # 2 March here
        urls = [
            {"location": "https://example.org/konton/1/", "lastmod": late_evening,
             "changefreq": "monthly", "priority": "", "alternates": []},
            {"location": "https://example.org/sok/?q=a&b=<c>\"'", "lastmod": None,
             "changefreq": None, "priority": "0.3", "alternates": []},
            {"location": "https://example.org/handbok/", "lastmod": datetime.date(2026, 1, 31),
             "changefreq": None, "priority": "",
             "alternates": [{"lang_code": "en", "location": "https://example.org/en/handbok/"}]},
        ]  # fmt: skip
        for urlset in (urls, []):
            with self.subTest(urls=len(urlset)):
                self.assertEqual(
                    sitemaps.urlset(urlset), render_to_string("sitemap.xml", {"urlset": urlset})
                )
        self.assertIn("<lastmod>2026-03-02</lastmod>", sitemaps.urlset(urls))
