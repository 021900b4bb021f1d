from django.core.management.base import BaseCommand, CommandError

from base.backup import BackupError, restore_into_empty


class Command(BaseCommand):
    help = (
        "Load a backup made by manage.py backup into this instance's empty database and "
        "storage (migrating first), then rebuild the search index."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file (.tar.gz)")

    def handle(self, *args, path, **options):
        try:
            result = restore_into_empty(path=path)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        rows = sum(result["rows"].values())
        self.stdout.write(
            f"Restored {rows} rows and {result['restored_media']} files from {path} "
            f"(made {result['made']}); the search index is rebuilt."
        )
