"""Benchmark: the portal under `make prod` against nginx and a bare Django view, in one run.

    .venv/bin/python bench/serving.py [--national] [--workers 2] [--threads 4] [--seconds 5]

Builds a throwaway var folder (demo content; with --national also bench/national.py's 50 000
accounts, 3 000 departments and 5 000 pages, which takes a few minutes to index), then starts:

- `make prod` on it (granian, production settings, the page cache in files under var/);
- nginx serving the bytes of the longest handbook page from disk;
- bench/bare.py, a Django view returning those bytes with no middleware, under the same
  server (granian, as make prod starts it), threads and number of workers;

and loads each with wrk (Debian's; installed when missing and we are root), one thread and 16
connections, printing req/s and p50/p95/p99 in ms. "Bypassed" rows give every request an address
of its own (bench/wrk.lua), so the page cache never answers: the cost of the first reader after
a save. Absolute figures drift between runs on shared machines; compare the ratios of one run.

With 16 connections on 2 workers a request waits for about 7 others (Little's law), so those
latencies are a saturated server's. The latency targets (search p95 ≤ 25 ms, registry list p95
≤ 30 ms) are read from a second table, loaded with one connection: what a reader sees when the
server keeps up, which is how a deployment is sized. (Not one connection per worker: the kernel
places each connection on a worker by its addresses' hash, so two of them share a worker in
half the runs, and the table measured the coin.)
"""

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
LUA = ROOT / "bench" / "wrk.lua"
UNLIMITED = {f"PORTAL_RATE_{name}": "1000000000" for name in ("API", "EXPORT", "SEARCH", "SUGGEST")}


def ensure_tools():
    missing = [tool for tool in ("wrk", "nginx") if not shutil.which(tool)]
    if not missing:
        return
    if os.geteuid() != 0:
        names = " ".join(missing)
        sys.exit(f"Please install {names}: sudo apt-get install {names}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, timeout=600):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            sys.exit(f"{url} answered {error.code}")
        except OSError:  # not listening yet
            time.sleep(0.5)
    sys.exit(f"{url} did not answer within {timeout} s")


def prepare(var, national):
    env = {**os.environ, "PORTAL_VAR_DIR": str(var),
           "DJANGO_SETTINGS_MODULE": "config.settings.dev"}  # fmt: skip

    def manage(*args):
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)

    manage("migrate", "--noinput", "-v0")
    manage("load_demo", "-v0")
    if national:
        fill = "import django; django.setup(); from bench import national; national.fill()"
        subprocess.run([PYTHON, "-c", fill], cwd=ROOT, env=env, check=True)
    manage("rebuild_index", "--noinput", "-v0")
    longest = (
        "import django; django.setup(); from handbook.models import Page; "
        "print(max(Page.objects.published(), key=lambda p: len(p.body_html)).get_absolute_url())"
    )
    found = subprocess.run([PYTHON, "-c", longest], cwd=ROOT, env=env, check=True,
                           capture_output=True, text=True)  # fmt: skip
    return found.stdout.strip()


def stop_prod(server, var):
    """Stops `make prod` as its Makefile says: SIGTERM to granian's main process (its pid file
    in the var folder), which stops its workers; the whole group only before it serves."""
    try:
        os.kill(int((var / "granian.pid").read_text()), signal.SIGTERM)
    except (OSError, ValueError):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def start_bare(page_file, port, options, log):
    """bench/bare.py under granian as make prod starts it: config/server.py's worker, the same
    options, workers and threads."""
    command = [ROOT / ".venv" / "bin" / "granian", "--interface", "wsgi", "--factory",
               "config.server:serve", "--host", "127.0.0.1", "--port", str(port), "--workers",
               str(options.workers), "--blocking-threads", str(options.threads),
               "--http1-header-read-timeout", "30000", "--workers-kill-timeout", "10"]  # fmt: skip
    env = {**os.environ, "BENCH_BARE_FILE": str(page_file),
           "PORTAL_WSGI_APP": "bench.bare:application"}  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=log,
                            stderr=log)  # fmt: skip


def nginx_config(folder, port, workers):
    for name in ("www", "temp"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    config = folder / "nginx.conf"
    config.write_text(f"""
worker_processes {workers};
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/temp; proxy_temp_path {folder}/temp;
    fastcgi_temp_path {folder}/temp; uwsgi_temp_path {folder}/temp; scgi_temp_path {folder}/temp;
    types {{ text/html html; }}
    server {{ listen 127.0.0.1:{port}; root {folder}/www; index page.html; }}
}}
""")
    return config


def load(url, seconds, vary=False, connections=16):
    env = {**os.environ, "BENCH_VARY": "1" if vary else "0"}
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", str(LUA), url]
    output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    rate, p50, p95, p99, errors = line.split()[1:]
    return {"rate": float(rate), "p50": float(p50), "p95": float(p95), "p99": float(p99),
            "errors": int(errors)}  # fmt: skip


# Rows loaded a second time with one connection, for their latency.
LATENCY_ROWS = ("handbook page, cache bypassed", "search results, cache bypassed",
                "registry list, cache bypassed", "registry list filtered, bypassed",
                "registry list ?q=kris, bypassed", "registry list ?q=hr, bypassed",
                "registry list, cached", "handbook start, bypassed", "channel page, bypassed",
                "side by side, bypassed")  # fmt: skip
# Issue 19's p95 targets (ms, one connection); the other rows are there to be watched: pages that
# list what grows with the organisation.
P95_TARGETS = {"search results, cache bypassed": 25, "registry list, cache bypassed": 30,
               "registry list filtered, bypassed": 30, "registry list ?q=kris, bypassed": 30,
               "registry list ?q=hr, bypassed": 30, "registry list, cached": 30}  # fmt: skip


def table(results):
    head = f"| {'what':<34} | {'req/s':>8} | {'p50 ms':>7} | {'p95 ms':>7} | {'p99 ms':>7} |"
    print(head + " errors |")
    print(f"|{'-' * 36}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 9}|--------|")
    for label, result in results.items():
        times = " | ".join(f"{result[name]:>7.2f}" for name in ("p50", "p95", "p99"))
        print(f"| {label:<34} | {result['rate']:>8.0f} | {times} | {result['errors']:>6} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--national", action="store_true", help="50 000 accounts and more")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="per worker, as make prod's THREADS")
    parser.add_argument("--seconds", type=int, default=5)
    options = parser.parse_args()
    ensure_tools()
    folder = Path(tempfile.mkdtemp(prefix="portal-http-bench-"))
    folder.chmod(0o755)  # nginx's workers read the page as an unprivileged user
    var = folder / "var"
    print(f"Preparing {var} …", flush=True)
    page = prepare(var, options.national)
    ports = {"portal": free_port(), "nginx": free_port(), "bare": free_port()}
    env = {**os.environ, **UNLIMITED, "PORTAL_VAR_DIR": str(var), "WORKERS": str(options.workers),
           "THREADS": str(options.threads),
           "PORT": str(ports["portal"])}  # fmt: skip
    servers = []
    try:
        log = open(folder / "prod.log", "w")  # noqa: SIM115 (open while the server runs)
        prod = ["make", "-s", "prod"]
        servers.append(subprocess.Popen(prod, cwd=ROOT, env=env, stdout=log, stderr=log,
                                        start_new_session=True))  # fmt: skip
        portal = f"http://127.0.0.1:{ports['portal']}"
        body = wait_for(portal + page)
        (folder / "nginx" / "www").mkdir(parents=True)
        (folder / "nginx" / "www" / "page.html").write_bytes(body)
        config = nginx_config(folder / "nginx", ports["nginx"], options.workers)
        nginx = [shutil.which("nginx"), "-c", str(config)]
        servers.append(subprocess.Popen(nginx, start_new_session=True,
                                        stderr=subprocess.DEVNULL))  # fmt: skip
        page_file = folder / "nginx" / "www" / "page.html"
        servers.append(start_bare(page_file, ports["bare"], options, log))
        wait_for(f"http://127.0.0.1:{ports['nginx']}/")
        wait_for(f"http://127.0.0.1:{ports['bare']}/")
        rows = [
            ("nginx, the page's bytes from disk", f"http://127.0.0.1:{ports['nginx']}/", False),
            ("bare Django view, same bytes", f"http://127.0.0.1:{ports['bare']}/", False),
            ("handbook page, cached", portal + page, False),
            ("handbook page, cache bypassed", portal + page, True),
            ("search results, cached", portal + "/sok/?q=konto", False),
            ("search results, cache bypassed", portal + "/sok/?q=konto", True),
            ("registry list, cached", portal + "/konton/", False),
            ("registry list, cache bypassed", portal + "/konton/", True),
            ("registry list filtered, bypassed", portal + "/konton/?channel=instagram", True),
            # Free text: at national size "kris" is in two accounts of five (bench/national.py).
            ("registry list ?q=kris, bypassed", portal + "/konton/?q=kris", True),
            # Two letters, as readers type an abbreviation: looked up through the trigrams
            # the index has that begin with them (registry/textsearch.py). A scan of every
            # account took 120 ms for a word that few accounts have, as "hr" here.
            ("registry list ?q=hr, bypassed", portal + "/konton/?q=hr", True),
            ("handbook start, bypassed", portal + "/handbok/", True),
            ("channel page, bypassed", portal + "/kanaler/instagram/", True),
            ("side by side, bypassed", portal + "/konton/oversikt/", True),
        ]
        results = {}
        for label, url, vary in rows:
            load(url, 1, vary)  # warm up: workers started, the page kept
            results[label] = load(url, options.seconds, vary)
        latencies = {}
        for label, url, vary in rows:
            if label in LATENCY_ROWS:
                # A second's warm-up with one connection first: the requests the 16 connections
                # left in the workers (the side-by-side overview's take 0.3 s each) finish
                # there, not in the measured run, whose p99 they made 240 ms.
                load(url, 1, vary, connections=1)
                latencies[label] = load(url, options.seconds, vary, connections=1)
    finally:
        if servers:
            stop_prod(servers.pop(0), var)
        for server in servers:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)
    print(f"\n{len(body)} bytes, {options.workers} workers, wrk -t1 -c16 -d{options.seconds}s"
          f"{', national size' if options.national else ', demo size'}\n")  # fmt: skip
    table(results)
    print(f"\nThe same with one connection (wrk -t1 -c1 -d{options.seconds}s):\n")
    table(latencies)
    bare = results["bare Django view, same bytes"]["rate"]
    nginx = results["nginx, the page's bytes from disk"]["rate"]
    ratios = [
        ("handbook page bypassed ÷ bare view", results["handbook page, cache bypassed"]["rate"]
         / bare, "≥ 0.15"),
        ("handbook page cached ÷ bare view", results["handbook page, cached"]["rate"] / bare,
         "≥ 0.6"),
        ("handbook page cached ÷ nginx", results["handbook page, cached"]["rate"] / nginx,
         "≥ 0.10"),
    ]  # fmt: skip
    print()
    for label, ratio, target in ratios:
        print(f"{label:<40} {ratio:>6.3f}   (target {target})")
    for label in LATENCY_ROWS[1:]:
        target = P95_TARGETS.get(label)
        aim = f"target ≤ {target} ms" if target else "no target"
        print(f"{label + ' p95':<40} {latencies[label]['p95']:>6.1f} ms ({aim}, one connection)")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
