"""Issue 18, point 6: `manage.py backup` writes one file that `manage.py restore` loads into an
empty instance, and nothing is lost on the way: every row (pages, revisions, publications,
accounts, events, images, feedback, reports, users with their second factor) and every uploaded
file comes back equal, and the restored instance's search finds what the first one did.

Both instances are real processes with their own database (SQLite files, or fresh PostgreSQL
databases in the PostgreSQL run) and their own folders."""

import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import TransactionTestCase

# Content the demo does not have: an uploaded photo, a revision, feedback, a report, an incident,
# a user with an authenticator app.
EXTRAS = """
from io import BytesIO
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image as Picture
from feedback.models import Feedback
from handbook.models import Image, Page
from registry.models import Account, Incident, Report

buffer = BytesIO()
Picture.new("RGB", (900, 600), (20, 110, 60)).save(buffer, "JPEG")
Image.objects.create(title="Säkerhetskopierad bild", alt_text="En grön yta",
                     file=SimpleUploadedFile("gron.jpg", buffer.getvalue()))
page = Page.objects.published().first()
page.summary = "Reviderad sammanfattning före säkerhetskopian."
page.save()
page.publish()
Feedback.objects.create(topic="content", page="/handbok/", message="Synpunkt att behålla.")
account = Account.objects.filter(status="active").first()
Report.objects.create(url="https://x.com/falskt_konto", channel=account.channel,
                      message="Ser falskt ut.")
Incident.objects.create(account=account, kind="hijack", happened_on="2026-01-15",
                        what_happened="Kontot kapades.", what_was_done="Återtaget.")
user = User.objects.create_superuser("backupanvandare", "b@example.org", "lösenord-123")
TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
"""
FIND = """
from search.engine import search
results = search("bilder")
print(results.total, sorted(hit.url for hit in results.hits))
"""


class BackupRoundTripTests(TransactionTestCase):
    def setUp(self):
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory(prefix="backup-")))

    def instance(self, name):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TEST_"))}
        env.pop("REDIS_URL", None)  # each instance its own cache: nothing seen through another
        env.update(DJANGO_SETTINGS_MODULE="config.settings.dev",
                   PORTAL_VAR_DIR=str(self.folder / name))  # fmt: skip
        if connection.vendor == "postgresql":
            env["DATABASE_URL"] = self.fresh_postgres_database(name)
        return env

    def fresh_postgres_database(self, name):
        database = f"portal_backup_{name}_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{database}"')
        self.addCleanup(self.drop, database)
        return os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + database

    def drop(self, database):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    def manage(self, env, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        return result.stdout

    def media(self, env):
        root = Path(env["PORTAL_VAR_DIR"]) / "media"
        return {
            str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in root.rglob("*") if path.is_file()
        }  # fmt: skip

    def test_a_backup_restores_into_an_empty_instance_with_nothing_lost(self):
        first, second = self.instance("first"), self.instance("second")
        self.manage(first, "migrate", "-v0")
        self.manage(first, "load_demo", "-v0")
        self.manage(first, "shell", "-c", EXTRAS)
        self.manage(first, "rebuild_index", "--noinput", "-v0")
        backup = self.folder / "portal.tar.gz"
        self.manage(first, "backup", str(backup))

        with tarfile.open(backup) as tar:
            names = tar.getnames()
            manifest = json.load(tar.extractfile("manifest.json"))
        self.assertIn("data.json", names)
        self.assertGreater(manifest["rows"]["handbook.page"], 10)
        self.assertGreater(manifest["rows"]["handbook.historicalpage"], 10)
        for model in ("feedback.feedback", "registry.report", "registry.incident",
                      "otp_totp.totpdevice", "handbook.image"):  # fmt: skip
            self.assertGreaterEqual(manifest["rows"][model], 1, model)

        out = self.manage(second, "restore", str(backup))
        self.assertIn("Restored", out)
        # A backup of the restored instance holds the same rows, to the microsecond.
        self.manage(second, "backup", str(self.folder / "again.tar.gz"))
        before, after = self.rows(backup), self.rows(self.folder / "again.tar.gz")
        self.assertEqual(len(before), len(after))
        self.assertEqual(before, after)  # every row of every model, field by field
        self.assertRegex(json.dumps(before), r"T\d\d:\d\d:\d\d\.\d{6}")  # microseconds kept
        kinds = {item["model"] for item in before}
        expected = {"handbook.page", "handbook.historicalpage", "base.publication",
                    "registry.account", "registry.accountevent", "handbook.image",
                    "feedback.feedback", "registry.report", "auth.user", "auth.group"}  # fmt: skip
        self.assertLessEqual(expected, kinds)
        self.assertTrue(self.media(first))
        self.assertEqual(self.media(first), self.media(second))  # every upload, byte for byte

        found = self.manage(second, "shell", "-c", FIND)
        self.assertEqual(self.manage(first, "shell", "-c", FIND), found)
        self.assertGreater(int(found.split()[0]), 0)

        # Restoring again, over what is there, is refused and changes nothing.
        again = subprocess.run(
            [sys.executable, "manage.py", "restore", str(backup)], cwd=settings.BASE_DIR,
            env=second, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("not empty", again.stderr)
        self.manage(second, "backup", str(self.folder / "third.tar.gz"))
        self.assertEqual(self.rows(self.folder / "third.tar.gz"), after)

    def rows(self, backup):
        with tarfile.open(backup) as tar:
            return json.load(tar.extractfile("data.json"))
