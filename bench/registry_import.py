"""Benchmark: how long does the admin take to preview and import a file of N accounts?

    .venv/bin/python bench/registry_import.py [ROWS]          (default: 5000, the import's limit)

Builds a throwaway SQLite registry (and Whoosh index) in a temporary folder with the demo
channels, writes a CSV in the export's schema with ROWS new accounts, and posts it through the
real admin views as a superuser (Django's test client): the preview (a dry run), the confirmed
import, then the same file again (every row unchanged). A production worker's timeout is 30 s
(make prod), so each step must stay well under it.
"""

import atexit
import os
import shutil
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

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from channels.demo import load_channels  # noqa: E402
from registry.models import Account, Department  # noqa: E402

HEADER = (
    "id;channel;channel_name;name;handle;url;platform_id;status;status_since;department;"
    "department_name;parent_department;other_departments;purpose;goals;audiences;content_type;"
    "language;tags;started_on;closed_on;contact_email;verified_on;updated_at;registry_url"
)


def csv_bytes(rows):
    lines = [HEADER]
    for n in range(rows):
        lines.append(
            f";facebook;;Exempelstadens konto {n};;https://www.facebook.com/exstad.konto{n};;"
            f"active;;f-{n % 40};;;f-{(n + 1) % 40};Nyheter och dialog om verksamhet {n}.;"
            f"Öka kännedomen.;Invånare | Företagare;Nyheter;sv;nyheter | dialog;2021-03-01;;"
            f"k@exempelstaden.example;2026-01-15;;"
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def timed(label, function):
    started = time.perf_counter()
    response = function()
    print(f"{label:<28} {time.perf_counter() - started:>7.1f} s  (status {response.status_code})")
    return response


def main(rows):
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    load_channels(ROOT / "fixtures" / "kanaler")
    for n in range(40):
        Department.objects.create(name=f"Förvaltning {n}", slug=f"f-{n}")
    call_command("rebuild_index", interactive=False, verbosity=0)
    client = Client()
    client.force_login(User.objects.create_superuser("bench", "b@example.org", "pw"))
    data = csv_bytes(rows)

    def preview():
        upload = SimpleUploadedFile("konton.csv", data)
        return client.post("/admin/registry/account/import/",
                           {"import_file": upload, "format": "0", "resource": "0"})  # fmt: skip

    def confirm(response):
        form = response.context["confirm_form"]
        return client.post("/admin/registry/account/process_import/",
                           {name: form[name].value() for name in form.fields})  # fmt: skip

    print(f"{rows} rows, {len(data) / 2**20:.1f} MiB")
    response = timed("preview (dry run)", preview)
    timed("confirmed import", lambda: confirm(response))
    assert Account.objects.count() == rows, Account.objects.count()
    response = timed("same file again (preview)", preview)
    assert not response.context["saving"], len(response.context["saving"])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
