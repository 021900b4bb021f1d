from django.core.management import call_command
from django.db import connection
from django.test import TestCase

from tests.factories import demo_channels, make_account


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
