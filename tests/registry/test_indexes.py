"""The list's orders walk an index on PostgreSQL too (SQLite: bench/registry_list.py), and the
check finds an account by its handle through an index on both databases."""

from unittest import skipUnless

from django.db import connection
from django.http import QueryDict
from django.test import TestCase

from registry import verification
from registry.filters import AccountFilterForm
from tests.factories import demo_channels, make_account


@skipUnless(connection.vendor == "postgresql", "PostgreSQL's indexes")
class PostgresOrderTests(TestCase):
    def plan(self, sort):
        queryset = AccountFilterForm(QueryDict(f"sort={sort}")).filter()[:50]
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            # A sort the index cannot spare shows as a Sort node, however small the table.
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())

    def test_verified_either_way_by_the_index_without_sorting(self):
        for sort in ("verified", "-verified"):
            with self.subTest(sort=sort):
                plan = self.plan(sort)
                self.assertIn("account_by_verified", plan)
                self.assertNotIn("Sort", plan)


class HandleLookupTests(TestCase):
    def test_the_check_finds_a_handle_in_every_status_by_an_index(self):
        x = demo_channels()["x"]
        for n in range(20):
            make_account(channel=x, url=f"https://x.com/exstad_{n}")
        queryset = verification.accounts_at("https://x.com/exstad_7").order_by()
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE registry_account")
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("EXPLAIN " + sql, params)
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = "\n".join(str(row) for row in cursor.fetchall())
        # Not the unique constraints' indexes, which leave closed accounts out, nor one on the
        # channel alone, which reads all of its accounts.
        self.assertIn("account_by_handle", plan)
        self.assertEqual(queryset.get().handle, "exstad_7")
