from unittest import skipUnless

from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test import TestCase, TransactionTestCase

from registry.filters import AccountFilterForm
from tests.factories import demo_channels, make_account
from tests.plans import query_plan


class AnalyzeDatabaseTests(TestCase):
    def test_statistics_are_refreshed_for_the_planner(self):
        make_account(channel=demo_channels()["facebook"],
                     url="https://www.facebook.com/statistik.kontot")  # fmt: skip
        call_command("analyze_database")
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'registry_account'")
            else:
                cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = "
                               "'registry_account'")  # fmt: skip
            indexes = {row[0] for row in cursor.fetchall()}
        self.assertIn("account_by_channel", indexes)


@skipUnless(connection.vendor == "postgresql", "PostgreSQL's visibility map")
class VacuumTests(TransactionTestCase):
    def test_after_an_import_a_pages_ids_are_read_from_the_index_alone(self):
        channel = demo_channels()["instagram"]
        for n in range(30):
            make_account(channel=channel, url=f"https://www.instagram.com/import_{n}")
        call_command("analyze_database")
        ids = AccountFilterForm(QueryDict("sort=name")).filter().values("pk")[20:25]
        # The plans a national table gets: on a table this small the planner would as soon
        # read it whole, or sort another index's entries.
        plan = query_plan(ids, disable=("seqscan", "bitmapscan", "sort"), run=True)
        self.assertIn("Index Only Scan using account_by_name", plan)
        # No row read from the table: the pages are marked all-visible.
        self.assertIn("Heap Fetches: 0", plan)
