from django.core.management import call_command
from django.core.management.base import BaseCommand
from haystack import connections

from base import pagecache


class Command(BaseCommand):
    help = (
        "Bring the search index up to date at start-up: rebuild it when it is damaged, missing "
        "or empty; otherwise sync only what it lacks or changed since it was last up to date. "
        "make prod runs this, so a restart repairs the index without indexing everything."
    )

    def handle(self, *args, **options):
        backend = connections["default"].get_backend()
        try:
            if hasattr(backend, "health"):
                backend.health()
        except Exception as problem:
            self.stderr.write(f"The search index needs rebuilding ({problem}); rebuilding.")
            call_command("rebuild_index", verbosity=options["verbosity"])
            return
        if hasattr(backend, "catch_up"):
            synced = backend.catch_up(report=self._report(options))
            if options["verbosity"]:
                self.stdout.write(f"The search index is up to date ({synced} objects synced).")
        else:
            call_command("update_index", verbosity=options["verbosity"])  # a stock engine
        pagecache.forget_all()  # search results kept from before the update

    def _report(self, options):
        return self.stdout.write if options["verbosity"] else (lambda message: None)
