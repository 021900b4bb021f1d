"""Benchmark: does an export stay flat in memory as the registry grows?

    .venv/bin/python bench/registry_export.py [SIZES...]     (default: 10000 100000)
    BENCH_TRACE=0 .venv/bin/python bench/registry_export.py 100000   (time only: tracemalloc
                                                    slows Python down about threefold)

Builds a throwaway SQLite registry of each size in a temporary folder, then streams the CSV and
JSON exports and builds the XLSX through the real views (Django's test client), recording the
time and the peak of Python allocations (tracemalloc) while the response is consumed. Flat
memory means the peak at 100 000 accounts is about the same as at 10 000.
"""

import atexit
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="portal-bench-"))
# Its database is a few hundred MB at national size: removed when the run ends or fails
# (not when the process is killed).
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from channels.demo import load_channels  # noqa: E402
from channels.models import Channel  # noqa: E402
from registry.models import Account, Department, channel_sort_key  # noqa: E402


def fill(size):
    """Grow the registry to `size` accounts; bulk inserts, keys set as save() would set them."""
    departments = list(Department.objects.all()) or [
        Department.objects.create(name=f"Förvaltning {n}", slug=f"f-{n}") for n in range(40)
    ]
    channels = list(Channel.objects.all())
    start = Account.objects.count()
    batch = []
    for n in range(start, size):
        handle = f"exstad_{n}"
        batch.append(Account(
            channel=channels[n % len(channels)], name=f"Exempelstadens konto {n}",
            handle=handle, handle_key=handle, url=f"https://example.org/{handle}",
            department=departments[n % len(departments)],
            purpose="Nyheter och dialog om verksamheten, med svar inom en arbetsdag. " * 2,
            goals="Öka kännedomen om tjänsterna.", audiences="Invånare\nFöretagare",
            content_type="Nyheter, film", status="active", was_public=True,
            contact_email="k@exempelstaden.example",
            channel_sort=channel_sort_key(channels[n % len(channels)]),
            department_sort=departments[n % len(departments)].name,
        ))  # fmt: skip
        if len(batch) == 5000:
            Account.objects.bulk_create(batch)
            batch = []
    Account.objects.bulk_create(batch)


TRACE = os.environ.get("BENCH_TRACE", "1") != "0"


def measure(client, url):
    if TRACE:
        tracemalloc.start()
        tracemalloc.reset_peak()
    started = time.perf_counter()
    response = client.get(url)
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if TRACE else float("nan")
    if TRACE:
        tracemalloc.stop()
    assert response.status_code == 200, response.status_code
    return elapsed, peak, size


def main(sizes):
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    load_channels(ROOT / "fixtures" / "kanaler")
    client = Client()
    print(f"{'accounts':>9} {'export':>6} {'seconds':>8} {'peak MiB':>9} {'file MiB':>9}")
    for size in sizes:
        fill(size)
        for name in ("csv", "json", "xlsx"):
            elapsed, peak, length = measure(client, f"/konton/export.{name}")
            mib = (peak / 2**20, length / 2**20)
            print(f"{size:>9} {name:>6} {elapsed:>8.1f} {mib[0]:>9.1f} {mib[1]:>9.1f}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10_000, 100_000])
