from django.core.management.base import BaseCommand
from django.db import connections


class Command(BaseCommand):
    help = (
        "Refresh the database's statistics (ANALYZE), so its planner picks the indexes that "
        "suit the data as it is now. make prod runs it at start; run it nightly, or after a "
        "large import. PostgreSQL's autovacuum also does this by itself."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        with connections[database].cursor() as cursor:
            cursor.execute("ANALYZE")
