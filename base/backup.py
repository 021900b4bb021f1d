"""One file holds everything the portal cannot rebuild: the database's rows and the uploads.

A backup is a gzip'd tar: `manifest.json` (format, when, the migrations it was made at, how many
rows of each model), `data.json` (Django's serialisation with natural keys, so users, groups,
permissions and content types are matched by name on restore, not by number) and `media/` (every
file in the default storage, local disk or object storage alike). The rows are read in one
snapshot (a repeatable-read transaction on PostgreSQL, the write lock on SQLite), so a page and
its revisions or an account and its events are never half there. Left out because the site
makes them anew: content types and permissions (migrate), sessions, sign-in lockouts and the
search index (restore rebuilds it).

Backups hold password hashes, TOTP secrets and internal routines: keep them as secret as the
database itself.
"""

import io
import json
import tarfile
import tempfile
from datetime import UTC, datetime, time
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
# Rebuilt, transient or per-server: never worth restoring.
LEFT_OUT = {"contenttypes.contenttype", "auth.permission", "sessions.session",
            "axes.accessattempt", "axes.accessfailurelog", "axes.accesslog",
            "axes.accessattemptexpiration"}  # fmt: skip


class BackupError(Exception):
    pass


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def backed_up_models():
    """The models to keep, ordered as dumpdata orders them: what others name by natural key
    (users, groups) first, so each row's references exist when it is loaded."""
    chosen = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.label_lower not in LEFT_OUT and meta.managed and not meta.proxy:
            chosen.setdefault(meta.app_config, []).append(model)
    return serializers.sort_dependencies(chosen.items(), allow_cycles=True)


def backup_write(*, path):
    """Write a consistent backup of the database and the uploads to `path`; return the
    manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as work:
        data = Path(work) / "data.json"
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            counts = {}
            with data.open("w", encoding="utf-8") as out:
                objects = _each_object(counts)
                # Every row keeps its own id (taggit's natural key for tagged items is only the
                # object's id, so natural primary keys would merge them).
                serializers.serialize(
                    "json", objects, stream=out, use_natural_foreign_keys=True, cls=ExactEncoder
                )
            migrations = sorted(
                [app, name] for app, name in
                MigrationRecorder.Migration.objects.values_list("app", "name")
            )  # fmt: skip
        media = list(_media_files())
        manifest = {
            "format": FORMAT,
            "made": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "migrations": migrations,
            "rows": counts,
            "media": len(media),
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=2).encode())
            tar.add(data, arcname="data.json")
            for name in media:
                with default_storage.open(name, "rb") as file:
                    info = tarfile.TarInfo(f"media/{name}")
                    info.size = file.size
                    tar.addfile(info, file)
        partial.replace(path)  # a backup that is there is whole
    return manifest


def _each_object(counts):
    for model in backed_up_models():
        queryset = model._default_manager.order_by(model._meta.pk.name)
        counts[model._meta.label_lower] = 0
        for obj in queryset.iterator(chunk_size=500):
            counts[model._meta.label_lower] += 1
            yield obj


def _media_files(folder=""):
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield str(PurePosixPath(folder) / name) if folder else name
    for sub in sorted(folders):
        yield from _media_files(str(PurePosixPath(folder) / sub) if folder else sub)


def _add_bytes(tar, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    tar.addfile(info, io.BytesIO(content))


def restore_into_empty(*, path, stdout=None):
    """Load a backup into this instance's empty database and storage, then rebuild the
    search index. Refuses a database that already holds content."""
    with tarfile.open(path, "r:gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        call_command("migrate", interactive=False, verbosity=0)
        occupied = [
            model._meta.label
            for model in backed_up_models()
            if model._meta.label_lower != "auth.group" and model._default_manager.exists()
        ]  # the roles' groups come with migrate and are matched by name
        if occupied:
            raise BackupError(
                "The database is not empty (it has "
                + ", ".join(occupied[:5])
                + "): restore only into a new instance."
            )
        with tempfile.TemporaryDirectory(prefix="portal-restore-") as work:
            data = Path(work) / "data.json"
            data.write_bytes(tar.extractfile("data.json").read())
            with transaction.atomic():
                Group.objects.all().delete()  # the backup's roles replace migrate's, ids and all
                call_command("loaddata", str(data), verbosity=0)
        media = 0
        for member in tar.getmembers():
            name = member.name
            if not member.isfile() or not name.startswith("media/"):
                continue
            relative = PurePosixPath(name[len("media/") :])
            if relative.is_absolute() or ".." in relative.parts:
                raise BackupError(f"Unsafe file name in the backup: {name}")
            saved = default_storage.save(str(relative), File(tar.extractfile(member)))
            if saved != str(relative):
                raise BackupError(f"{relative} exists already in the storage.")
            media += 1
    call_command("rebuild_index", interactive=False, verbosity=0)
    return {**manifest, "restored_media": media}
