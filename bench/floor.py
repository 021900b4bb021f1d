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
  store are all that is left. No way of rendering this page uncached can beat this row.
"""

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serving import UNLIMITED, ensure_tools, free_port, load, prepare, wait_for  # noqa: E402

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
    results = {}
    try:
        port = free_port()
        env = {**os.environ, **UNLIMITED, "PORTAL_VAR_DIR": str(var), "PORT": str(port),
               "WORKERS": str(options.workers), "THREADS": str(options.threads),
               "WSGI_APP": "bench.floor_app:application"}  # fmt: skip
        for label, left_out in VARIANTS:
            server = subprocess.Popen(["make", "-s", "prod"], cwd=ROOT, stdout=log, stderr=log,
                                      env={**env, "BENCH_FLOOR": left_out},
                                      start_new_session=True)  # fmt: skip
            try:
                url = f"http://127.0.0.1:{port}{page}"
                body = wait_for(url)
                load(url, 1, vary=True)  # warm up: every worker has had its first request
                results[label] = load(url, options.seconds, vary=True)
            finally:
                stop(server)
        (folder / "page.html").write_bytes(body)
        bare_port = free_port()
        server = subprocess.Popen(
            [ROOT / ".venv" / "bin" / "gunicorn", "bench.bare:application", "--bind",
             f"127.0.0.1:{bare_port}", "--workers", str(options.workers), "--worker-class",
             "gthread", "--threads", str(options.threads), "--reuse-port", "--no-control-socket"],
            cwd=ROOT, env={**os.environ, "BENCH_BARE_FILE": str(folder / "page.html")},
            stdout=log, stderr=log, start_new_session=True)  # fmt: skip
        try:
            wait_for(f"http://127.0.0.1:{bare_port}/")
            load(f"http://127.0.0.1:{bare_port}/", 1)
            results["bare Django view, same bytes"] = load(f"http://127.0.0.1:{bare_port}/",
                                                           options.seconds)  # fmt: skip
        finally:
            stop(server)
    finally:
        log.close()
    bare = results["bare Django view, same bytes"]["rate"]
    print(
        f"\n{len(body)} bytes, {options.workers} workers of {options.threads} threads, "
        f"wrk -t1 -c16 -d{options.seconds}s, every portal request an address of its own\n"
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
