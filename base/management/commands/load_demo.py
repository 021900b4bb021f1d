from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the Swedish demo content into an empty database; never touches existing content."

    def handle(self, *args, **options):
        fixtures = settings.BASE_DIR / "fixtures"
        # Each app that has demo content says so on its AppConfig (load_demo, demo_folder,
        # demo_models); they load in INSTALLED_APPS order, so the ground floor names no app.
        parts = [config for config in apps.get_app_configs() if hasattr(config, "load_demo")]
        # One index pass at the end instead of one index write per saved object, tag and link.
        signal_processor = apps.get_app_config("haystack").signal_processor
        signal_processor.teardown()
        try:
            for config in parts:
                models = [config.get_model(name) for name in config.demo_models]
                # Each part loads only into its own empty tables, so a rerun never touches an edit.
                if any(model.objects.exists() for model in models):
                    self.stdout.write(
                        f"Demo {config.demo_label} not loaded: there is content already."
                    )
                else:
                    count = config.load_demo(fixtures / config.demo_folder)
                    self.stdout.write(
                        self.style.SUCCESS(f"Loaded {count} demo {config.demo_label}.")
                    )
        finally:
            signal_processor.setup()
        call_command("update_index", verbosity=0)
