"""`make prod` on a fresh folder: production settings, no setup, a real application server."""

import csv
import io
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

from django.conf import settings
from django.test import SimpleTestCase

from tests.site.test_scale_out import free_port


class MakeProdTests(SimpleTestCase):
    def setUp(self):
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            self.skipTest("runs once, in the embedded world (make test-sqlite)")

    def test_serves_with_a_generated_secret_hashed_static_files_and_far_future_headers(self):
        """…and two workers share the page cache: a save made by another process reaches
        every kept page at once."""
        logs = self.enterContext(tempfile.TemporaryDirectory(prefix="prod-logs-"))
        access_log = os.path.join(logs, "access.log")
        base, folder, env, page = self.start(WORKERS="2", FREEZE_AFTER="4", ACCESS_LOG=access_log)
        secret = os.path.join(folder, "secret_key")
        self.assertGreater(os.path.getsize(secret), 50)
        self.assertEqual(os.stat(secret).st_mode & 0o777, 0o600)  # readable by its owner only
        css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1)
        request = urllib.request.Request(base + css, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as response:
            self.assertEqual(response.headers["Content-Encoding"], "gzip")
            self.assertIn("immutable", response.headers["Cache-Control"])
            self.assertIn("max-age=315360000", response.headers["Cache-Control"])
        kept = [self.fetch(base + "/handbok/") for _ in range(6)]
        self.assertIn("hit", [headers.get("X-Cache") for headers, _body in kept])
        self.assertNotIn("Gemensam cache", kept[-1][1])
        save = (
            "import datetime; from handbook.models import Page, Section; "
            "s = Section.objects.create(title='Gemensam cache', slug='gemensam'); "
            "Page.objects.create(section=s, title='Sparad i en annan process', slug='sparad', "
            "is_published=True, owner='K', owner_email='k@example.org', "
            "last_reviewed=datetime.date(2026, 3, 31))"
        )
        manage = [".venv/bin/python", "manage.py", "shell", "-c", save]
        done = subprocess.run(manage, env=env, cwd=settings.BASE_DIR, capture_output=True,
                              text=True, check=False)  # fmt: skip
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        for _ in range(6):  # whichever worker answers
            self.assertIn("Gemensam cache", self.fetch(base + "/handbok/")[1])
        # A form's body reaches the view: the answer is read from it, and saved.
        vote = urllib.request.Request(
            base + "/handbok/gemensam/sparad/omdome/",
            data=b"hjalpte=ja&kommentar=Via+granian",
            headers={"Origin": base, "Content-Type": "application/x-www-form-urlencoded"},
        )
        with urllib.request.urlopen(vote, timeout=10) as response:  # and the redirect after it
            self.assertTrue(response.url.endswith("/handbok/gemensam/sparad/?svar=tack#hjalp"),
                            response.url)  # fmt: skip
        count = ("from handbook.models import PageVote; "
                 "print(PageVote.objects.filter(comment='Via granian').count())")  # fmt: skip
        manage = [".venv/bin/python", "manage.py", "shell", "-c", count]
        done = subprocess.run(manage, env=env, cwd=settings.BASE_DIR, capture_output=True,
                              text=True, check=False)  # fmt: skip
        self.assertEqual(done.stdout.split()[-1], "1", done.stderr[-2000:])
        # A worker that has served FREEZE_AFTER requests freezes what it holds by then, so
        # that full garbage collections skip it (config/server.py); at least one has.
        log = self.stop(self.server)
        frozen = re.findall(r"Froze (\d+) long-lived objects after 4 requests", log)
        self.assertTrue(frozen, log[-3000:])
        self.assertGreater(min(map(int, frozen)), 10_000)  # Django, the portal, its templates
        # Each worker read the search's lists, the addresses and templates before serving.
        warmed = re.findall(
            r"\[(\d+)\] \[INFO\] config\.server: Warmed up before the first request: "
            r"addresses \d+ ms, templates \d+ ms, search \d+ ms\.",
            log,
        )
        self.assertEqual(len(set(warmed)), 2, log[-3000:])
        # ACCESS_LOG names a file: every request is there, none in the server's output.
        with open(access_log) as written:
            requests = written.read()
        self.assertGreaterEqual(requests.count('"GET /handbok/ HTTP/1.1" 200'), 12)
        self.assertNotIn("GET /handbok/", log)

    def test_an_export_longer_than_the_worker_timeout_runs_to_its_end(self):
        """A national export streams for minutes to a slow reader, and no timeout may cut it
        off (gunicorn's did with sync workers, which report that they are alive only between
        requests). Here TIMEOUT is 3 s, and the reader takes the first part of the CSV and
        then waits longer than that: the rest, more than the sockets hold, waits in the worker
        all that time. How fast the export is written does not matter, so this holds on any
        machine. TIMEOUT is how long a client may take to send its request: one that never
        ends its headers is let go after it."""
        timeout = 3
        base, _folder, env, _page = self.start(WORKERS="1", TIMEOUT=str(timeout))
        accounts = 20_000  # a CSV of about 10 MB: more than the 4 MB a socket sends ahead
        fill = (
            "from pathlib import Path; from channels.demo import load_channels; "
            "from bench import national; load_channels(Path('fixtures/kanaler')); "
            f"national.fill({accounts}, 30, 1)"
        )
        manage = [".venv/bin/python", "manage.py", "shell", "-c", fill]
        done = subprocess.run(manage, env=env, cwd=settings.BASE_DIR, capture_output=True,
                              text=True, check=False)  # fmt: skip
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        port = int(base.rsplit(":", 1)[1])
        with socket.socket() as reader:
            reader.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)  # before connect
            reader.settimeout(120)
            reader.connect(("127.0.0.1", port))
            reader.sendall(b"GET /konton/export.csv?status=all HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            received = [reader.recv(64 * 1024)]
            time.sleep(timeout + 2.5)
            while chunk := reader.recv(1024 * 1024):
                received.append(chunk)
        with socket.create_connection(("127.0.0.1", port), timeout=timeout + 30) as idle:
            idle.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the blank line
            started = time.monotonic()
            answer = idle.recv(1024)
            waited = time.monotonic() - started
        self.assertTrue(answer == b"" or answer.startswith(b"HTTP/1.1 408"), answer)
        self.assertGreater(waited, timeout - 1)
        self.assertLess(waited, timeout + 10)
        head, _, body = b"".join(received).partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 200") or head.startswith(b"HTTP/1.0 200"))
        self.assertGreater(len(body), 6 * 1024 * 1024, "more than the sockets hold")
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
        self.assertEqual(len(rows), accounts + 1)  # a whole file and its header, not a cut-off one

    def start(self, **variables):
        """make prod on a fresh folder with the embedded defaults and these make variables:
        (base URL, folder, environment, home page)."""
        folder = self.enterContext(tempfile.TemporaryDirectory(prefix="prod-"))
        port = free_port()
        ours = ("DJANGO_", "PORTAL_", "DATABASE_URL", "REDIS_URL")  # the embedded defaults only
        env = {name: value for name, value in os.environ.items() if not name.startswith(ours)}
        env.update({"PORTAL_VAR_DIR": folder, "PORT": str(port), **variables})
        server = subprocess.Popen(
            ["make", "prod"], cwd=settings.BASE_DIR, env=env, start_new_session=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.addCleanup(self.stop, server)
        self.server, self.folder = server, folder
        base = f"http://127.0.0.1:{port}"
        return base, folder, env, self.wait_for(base + "/", server)

    def fetch(self, url):
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.headers, response.read().decode()

    def wait_for(self, url, server):
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if server.poll() is not None:
                self.fail(f"make prod stopped: {server.stdout.read()[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    return response.read().decode()
            except OSError:
                time.sleep(0.5)
        self.fail("make prod did not serve within 3 minutes")

    def stop(self, server):
        """Stops make prod (once; again is nothing) as the Makefile says, with SIGTERM to
        granian's main process, and gives what it wrote."""
        if server.stdout.closed:
            return ""
        try:
            with open(os.path.join(self.folder, "granian.pid")) as pid_file:
                os.kill(int(pid_file.read()), signal.SIGTERM)
        except (OSError, ValueError):  # not serving (yet): make and its commands
            os.killpg(server.pid, signal.SIGTERM)
        try:
            output, _errors = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            output, _errors = server.communicate()
            self.fail(f"make prod did not stop within 30 s: {output[-3000:]}")
        return output
