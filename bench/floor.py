"""Benchmark: where the handbook page's time goes with the page cache bypassed, under make prod.

    .venv/bin/python bench/floor.py [--workers 2] [--threads 4] [--seconds 5]

bench/serving.py measures "handbook page, cache bypassed ÷ bare Django view". This asks what
that ratio could be at best: it serves the demo with `make prod` four times, each time with
less of the page's own work (bench/floor_app.py), and loads the page with the same wrk command
as serving.py's bypassed row (every request an address of its own), next to the bare view
(bench/bare.py) in the same run:

- the page as served;
- no template rendered (the view's queries and context still built);
- no queries (the template still rendered);
- neither: Django's request handling, the portal's middleware and the page cache's lookup and
  store (a new file for every request) are all that is left. No way of rendering this page
  uncached can beat this row.

"No template rendered" also skips the context processors and the template response. Each
variant starts from an empty page cache, and all four run twice, the second time in the
opposite order; the table shows the mean.
"""

import argparse
import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serving import (  # noqa: E402
    UNLIMITED,
    ensure_tools,
    free_port,
    load,
    prepare,
    start_bare,
    stop_prod,
    wait_for,
)

VARIANTS = [
    ("handbook page, cache bypassed", "nothing"),
    ("… no template rendered", "template"),
    ("… no queries, no context", "queries"),
    ("… neither: the request alone", "both"),
]


def stop(server):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def measure(variant, page, var, options, log):
    """One variant under make prod, from an empty page cache: every bypassed request stores
    a page, and a full folder costs each run its cull."""
    shutil.rmtree(var / "cache" / "pages", ignore_errors=True)
    port = free_port()
    env = {**os.environ, **UNLIMITED, "PORTAL_VAR_DIR": str(var), "PORT": str(port),
           "WORKERS": str(options.workers), "THREADS": str(options.threads),
           "BENCH_FLOOR": variant}  # fmt: skip
    command = ["make", "-s", "prod", "WSGI_APP=bench.floor_app:application"]
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=log, env=env,
                              start_new_session=True)  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}{page}"
        body = wait_for(url)
        load(url, 1, vary=True)  # warm up: every worker has had its first request
        return body, load(url, options.seconds, vary=True)
    finally:
        stop_prod(server, var)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=5)
    options = parser.parse_args()
    ensure_tools()
    folder = Path(tempfile.mkdtemp(prefix="portal-floor-bench-"))
    var = folder / "var"
    print(f"Preparing {var} …", flush=True)
    page = prepare(var, national=False)
    log = open(folder / "servers.log", "w")  # noqa: SIM115 (open while the servers run)
    runs = {label: [] for label, _variant in VARIANTS}
    try:
        # Twice, the second time in the opposite order, so drift over the run falls on every
        # variant alike.
        for order in (VARIANTS, VARIANTS[::-1]):
            for label, variant in order:
                body, result = measure(variant, page, var, options, log)
                runs[label].append(result)
        (folder / "page.html").write_bytes(body)
        bare_port = free_port()
        server = start_bare(folder / "page.html", bare_port, options, log)
        try:
            bare_url = f"http://127.0.0.1:{bare_port}/"
            wait_for(bare_url)
            load(bare_url, 1)
            runs["bare Django view, same bytes"] = [load(bare_url, options.seconds)]
        finally:
            stop(server)
    finally:
        log.close()
    results = {label: {name: statistics.mean(run[name] for run in found)
                       for name in ("rate", "p50", "p95")}
               for label, found in runs.items()}  # fmt: skip
    bare = results["bare Django view, same bytes"]["rate"]
    print(
        f"\n{len(body)} bytes, {options.workers} workers of {options.threads} threads, "
        f"wrk -t1 -c16 -d{options.seconds}s, every portal request an address of its own "
        "(mean of two runs)\n"
    )
    print(f"| {'what':<34} | {'req/s':>8} | {'p50 ms':>7} | {'p95 ms':>7} | ÷ bare |")
    print(f"|{'-' * 36}|{'-' * 10}|{'-' * 9}|{'-' * 9}|--------|")
    for label, result in results.items():
        print(
            f"| {label:<34} | {result['rate']:>8.0f} | {result['p50']:>7.2f} | "
            f"{result['p95']:>7.2f} | {result['rate'] / bare:>6.3f} |"
        )
    print("\nserving.py's target for the first row: ≥ 0.15 of the bare view.")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
