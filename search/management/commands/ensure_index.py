from django.core.management import call_command
from django.core.management.base import BaseCommand
from haystack import connections

from base import pagecache


class Command(BaseCommand):
    help = (
        "Bring the search index up to date at start-up: rebuild it when it is damaged, missing "
        "or empty, otherwise update it. make prod runs this, so a restart repairs the index."
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
        call_command("update_index", verbosity=options["verbosity"])
        pagecache.forget_all()  # search results kept from before the update
