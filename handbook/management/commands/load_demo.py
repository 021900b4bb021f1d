from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from channels.demo import load_channels
from channels.models import Channel
from handbook.demo import load_handbook
from handbook.models import Page, Section, Tip
from registry.demo import load_registry
from registry.models import Account, Department


class Command(BaseCommand):
    help = "Load the Swedish demo content into an empty database; never touches existing content."

    def handle(self, *args, **options):
        fixtures = settings.BASE_DIR / "fixtures"
        # Each part loads only into its own empty tables, so a rerun never touches an edit.
        parts = [
            ("handbook pages", [Section, Page, Tip], lambda: load_handbook(fixtures / "handbok")),
            ("channels", [Channel], lambda: load_channels(fixtures / "kanaler")),
            # After the channels: accounts name their channel by slug.
            (
                "registry accounts",
                [Department, Account],
                lambda: load_registry(fixtures / "konton"),
            ),
        ]
        # One index pass at the end instead of one index write per saved object, tag and link.
        signal_processor = apps.get_app_config("haystack").signal_processor
        signal_processor.teardown()
        try:
            for label, models, load in parts:
                if any(model.objects.exists() for model in models):
                    self.stdout.write(f"Demo {label} not loaded: there is content already.")
                else:
                    self.stdout.write(self.style.SUCCESS(f"Loaded {load()} demo {label}."))
        finally:
            signal_processor.setup()
        call_command("update_index", verbosity=0)
