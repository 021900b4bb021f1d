"""Benchmark: the registry list and its filters at national size, uncached, in one process.

    .venv/bin/python bench/registry_list.py [ACCOUNTS DEPARTMENTS PAGES]
                                            (default 50000 3000 5000)

Builds a throwaway SQLite database in a temporary folder (demo channels, then bench/national.py),
then asks for the list unfiltered and with each kind of filter through Django's test client,
and prints p50/p95 in milliseconds and the queries per request. Each request has an address of
its own (…&n=1), so the page cache never answers, while the lists it shares per generation
(the filters' choices, pagecache.memo) live as long as in production: rebuilt after a write,
not every minute as they would be with the page cache off.
"""

import atexit
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="portal-bench-"))
# Its database is a few hundred MB at national size: removed when the run ends or fails
# (not when the process is killed).
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["TEST_WHOOSH_INDEX_PATH"] = str(TMP / "whoosh")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import national  # noqa: E402
from channels.demo import load_channels  # noqa: E402

URLS = [
    "/konton/",
    "/konton/?page=40",
    "/konton/?channel=instagram",
    "/konton/?department=myndighet-3",
    "/konton/?department=enhet-1500",
    "/konton/?tag=amne-7",
    "/konton/?status=closed",
    "/konton/?q=kris",  # a word in 40 % of the accounts (the fill's small vocabulary)
    "/konton/?q=nat_konto_4242",  # an account's handle: 11 accounts
    "/konton/?sort=-verified",
    "/konton/?sort=department",
    "/konton/?sort=-started",
    "/konton/?channel=facebook&q=dialog&sort=name",
    "/konton/?q=kris+dialog",  # two such words
    "/konton/?q=hr",  # two letters that few accounts have: the index's trigrams, not a scan
    "/konton/?q=tv",  # two letters in 45 % of the accounts ("tvåstegsverifiering")
    "/konton/?q=er",  # two letters nearly every account has, in seven trigrams
    "/konton/?q=k",  # one letter, in every account
    "/konton/?q=q",  # one letter no account has
]


def main(accounts, departments, pages):
    # Not setup_test_environment(): its rendering keeps a copy of every template's context for
    # the test client, which at 50 rows a page was a third of the time measured.
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    load_channels(ROOT / "fixtures" / "kanaler")
    started = time.perf_counter()
    national.fill(accounts, departments, pages)
    call_command("analyze_database")  # as make prod does at start
    # What filling left in this process stays out of the collector's way: a worker serving the
    # list has no such heap, and its full collections would show here as the requests' p95.
    gc.collect()
    gc.freeze()
    print(f"filled {accounts} accounts, {departments} departments, {pages} pages "
          f"in {time.perf_counter() - started:.0f} s")  # fmt: skip
    client = Client()
    print(f"{'address':<48} {'p50 ms':>7} {'p95 ms':>7} {'queries':>8}")
    for url in URLS:
        separator = "&" if "?" in url else "?"
        client.get(f"{url}{separator}n=0")
        times = []
        for n in range(1, 41):
            begun = time.perf_counter()
            response = client.get(f"{url}{separator}n={n}")
            times.append((time.perf_counter() - begun) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            assert response.get("X-Cache") != "hit", url
        with CaptureQueriesContext(connection) as queries:  # counted apart: it slows each query
            client.get(f"{url}{separator}n=queries")
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"{url:<48} {statistics.median(times):>7.1f} {p95:>7.1f} {len(queries):>8}")


if __name__ == "__main__":
    sizes = [int(arg) for arg in sys.argv[1:4]] or [50_000, 3_000, 5_000]
    main(*sizes)
