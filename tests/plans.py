"""The database's plan for a query, as the index tests read it."""

from django.db import connection, transaction


def query_plan(queryset, disable=("seqscan",), run=False):
    """The database's plan for a queryset, as text, with statistics as make prod gives them
    (analyze_database). On PostgreSQL with the named kinds of plan off (enable_…): a test's
    small table would otherwise be read whole, where a national one walks the index. `run`:
    PostgreSQL runs the query too and says what it read (EXPLAIN ANALYZE: heap fetches)."""
    sql, params = queryset.query.sql_with_params()
    # SET LOCAL lasts until the transaction ends: one of its own outside a test's.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_account")
        if connection.vendor == "postgresql":
            for kind in disable:
                cursor.execute(f"SET LOCAL enable_{kind} = off")
            explain = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " if run else "EXPLAIN "
            cursor.execute(explain + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[0] if len(row) == 1 else row) for row in cursor.fetchall())
