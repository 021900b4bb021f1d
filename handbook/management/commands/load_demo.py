from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from handbook.demo import load_handbook
from handbook.models import Page, Section, Tip


class Command(BaseCommand):
    help = "Load the Swedish demo content into an empty database; never touches existing content."

    def handle(self, *args, **options):
        if Section.objects.exists() or Page.objects.exists() or Tip.objects.exists():
            self.stdout.write("The handbook already has content; demo content not loaded.")
            return
        # One index pass at the end instead of one index write per saved page, tag and link.
        signal_processor = apps.get_app_config("haystack").signal_processor
        signal_processor.teardown()
        try:
            count = load_handbook(settings.BASE_DIR / "fixtures" / "handbok")
        finally:
            signal_processor.setup()
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} demo handbook pages."))
