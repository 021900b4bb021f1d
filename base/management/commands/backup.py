from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from base.backup import backup_write


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database and the uploaded files into one file "
        "(var/backups/ unless a path is given). manage.py restore loads it into a new instance."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="the file to write (.tar.gz)")

    def handle(self, *args, path=None, **options):
        if path is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = settings.VAR_DIR / "backups" / f"portal-{stamp}.tar.gz"
        manifest = backup_write(path=path)
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"{path}: {rows} rows, {manifest['media']} files.")
