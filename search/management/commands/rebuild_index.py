from django.core.management import call_command
from django.core.management.base import BaseCommand
from haystack import connections

from base import pagecache


class Command(BaseCommand):
    help = (
        "Rebuild the search index aside while the site keeps answering searches, then swap it "
        "in and catch up with edits made meanwhile. Replaces haystack's clear-then-fill command."
    )

    def add_arguments(self, parser):
        # Kept so existing scripts work; nothing is wiped, so there is nothing to confirm.
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument("-u", "--using", action="append", default=[])

    def handle(self, *args, **options):
        for using in options["using"] or list(connections.connections_info):
            backend = connections[using].get_backend()
            report = self.stdout.write if options["verbosity"] else (lambda message: None)
            if hasattr(backend, "rebuild"):
                backend.rebuild(report)
            else:  # a stock haystack engine: its own clear, then fill
                backend.clear()
                call_command("update_index", using=[using], verbosity=options["verbosity"])
        pagecache.forget_all()  # search results from the old index must not outlive it
