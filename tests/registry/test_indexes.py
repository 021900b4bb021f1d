"""The list's orders walk an index on PostgreSQL too (SQLite: bench/registry_list.py), a page's
ids are read from that index alone on both databases, and the check finds an account by its
handle through an index on both databases."""

from unittest import skipUnless

from django.db import connection
from django.http import QueryDict
from django.test import TestCase

from registry import verification
from registry.filters import SORTS, AccountFilterForm, SelectionPaginator
from tests.factories import demo_channels, make_account
from tests.plans import query_plan


@skipUnless(connection.vendor == "postgresql", "PostgreSQL's indexes")
class PostgresOrderTests(TestCase):
    def plan(self, sort):
        queryset = AccountFilterForm(QueryDict(f"sort={sort}")).filter()[:50]
        # A sort the index cannot spare shows as a Sort node, however small the table.
        return query_plan(queryset, disable=("sort", "seqscan"))

    def test_verified_either_way_by_the_index_without_sorting(self):
        for sort in ("verified", "-verified"):
            with self.subTest(sort=sort):
                plan = self.plan(sort)
                self.assertIn("account_by_verified", plan)
                self.assertNotIn("Sort", plan)


# The index each of the list's orders walks (registry.models.Account.Meta.indexes).
ORDER_INDEXES = {
    "channel": "account_by_channel_order",
    "name": "account_by_name",
    "department": "account_by_department",
    "started": "account_by_started",
    "verified": "account_by_verified",
}


class PageWindowTests(TestCase):
    """AccountQuerySet.window: a page's ids from the order's index alone, the accounts before
    the page skipped there without reading their rows (page 900 of the national list read
    45 000 rows, 88 ms; 11 ms with this)."""

    @classmethod
    def setUpTestData(cls):
        channels = demo_channels()
        for n in range(12):
            channel = channels["instagram" if n % 2 else "x"]
            make_account(channel=channel, url=f"https://{channel.slug}.com/fonster_{n}",
                         status=("active", "paused", "closed")[n % 3],
                         started_on=None if n % 4 == 0 else f"2020-01-{n + 1:02}",
                         verified_on=None if n % 5 == 0 else f"2024-02-{n + 1:02}")  # fmt: skip

    def form(self, query):
        return AccountFilterForm(QueryDict(query))

    def test_every_order_names_its_index(self):
        self.assertEqual(ORDER_INDEXES.keys(), SORTS.keys())

    def test_a_pages_ids_come_from_its_orders_index_alone(self):
        for sort, index in ORDER_INDEXES.items():
            for direction in ("", "-"):
                with self.subTest(sort=direction + sort):
                    ids = self.form(f"sort={direction}{sort}").filter().values("pk")[4:8]
                    plan = query_plan(ids, disable=("seqscan", "sort", "bitmapscan"))
                    if connection.vendor == "postgresql":
                        self.assertIn(f"Index Only Scan Backward using {index}"
                                      if direction else f"Index Only Scan using {index}",
                                      plan)  # fmt: skip
                    else:
                        self.assertIn(f"COVERING INDEX {index}", plan)
                    self.assertNotIn("TEMP B-TREE", plan)

    def test_pages_hold_the_selection_in_its_order(self):
        queries = ("", "sort=-name", "sort=started", "sort=-verified", "status=paused",
                   "status=all&sort=-department", "channel=instagram&sort=verified")  # fmt: skip
        for query in queries:
            with self.subTest(query=query):
                form = self.form(query)
                expected = list(form.filter().values_list("pk", flat=True))
                paginator = SelectionPaginator(form, form.filter(), 3)
                pages = [paginator.page(number) for number in paginator.page_range]
                found = [
                    pk for page in pages for pk in page.object_list.values_list("pk", flat=True)
                ]
                self.assertEqual(found, expected)
                self.assertGreater(len(pages), 1)


class HandleLookupTests(TestCase):
    def test_the_check_finds_a_handle_in_every_status_by_an_index(self):
        x = demo_channels()["x"]
        for n in range(20):
            make_account(channel=x, url=f"https://x.com/exstad_{n}")
        queryset = verification.accounts_at("https://x.com/exstad_7").order_by()
        plan = query_plan(queryset)
        # Not the unique constraints' indexes, which leave closed accounts out, nor one on the
        # channel alone, which reads all of its accounts.
        self.assertIn("account_by_handle", plan)
        self.assertEqual(queryset.get().handle, "exstad_7")
