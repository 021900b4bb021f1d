from django.core.management.base import BaseCommand, CommandError

from base import links


class Command(BaseCommand):
    help = (
        "List links in handbook pages, cards, resources and channel guidance that do not work: "
        "internal "
        "links that no anonymous reader can open, and with --external, external addresses that "
        "fail. Exits with an error when any link is broken, so cron or CI can tell."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--external", action="store_true", help="Also ask every external address."
        )
        parser.add_argument(
            "--timeout", type=float, default=10, help="Seconds per external address (10)."
        )
        parser.add_argument(
            "--workers", type=int, default=4, help="External addresses asked at once (4)."
        )

    def handle(self, *args, **options):
        broken = links.check(external=options["external"], timeout=options["timeout"],
                             workers=min(max(options["workers"], 1), 16))  # fmt: skip
        for link in broken:
            self.stdout.write(f"{link.label}\t{link.href}\t{link.problem}\t{link.admin_path}")
        if broken:
            raise CommandError(f"{len(broken)} broken link(s).")
        self.stdout.write("No broken links.")
