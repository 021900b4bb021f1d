"""The judged queries (tests/search/judged.py and test_relevance.py) scored on the demo content.

    .venv/bin/python bench/search_judged.py [--misses]        SQLite + Whoosh
    PORTAL_SEARCH_ENGINE=postgres scripts/with-services .venv/bin/python bench/search_judged.py

Prints success@3, mean reciprocal rank (top ten) and the zero-result rate per group of queries;
with --misses also each query whose target was not in the top three. A throwaway test database
and index are made and dropped, as the test runner does.
"""

import os
import sys
import tempfile
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ.setdefault("TEST_WHOOSH_INDEX_PATH", tempfile.mkdtemp(prefix="portal-judged-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402


def main():
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("load_demo", stdout=StringIO())
        call_command("rebuild_index", verbosity=0)
        from tests.search.judging import score_all, table

        scores, total = score_all()
        engine = os.environ.get("PORTAL_SEARCH_ENGINE") or "whoosh"
        print(f"Judged queries on the demo content ({engine}):")
        print(table(scores, total))
        if "--misses" in sys.argv:
            for query, shown in total.misses:
                print(f"  miss: {query!r}: {shown}")
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
