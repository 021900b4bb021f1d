"""The list's orders walk an index on PostgreSQL too (SQLite: bench/registry_list.py)."""

from unittest import skipUnless

from django.db import connection
from django.http import QueryDict
from django.test import TestCase

from registry.filters import AccountFilterForm


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
