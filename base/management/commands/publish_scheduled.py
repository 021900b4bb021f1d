from django.apps import apps
from django.core.management.base import BaseCommand

from base.publishing import Publishable, publish_scheduled


class Command(BaseCommand):
    help = (
        "Publish the drafts of handbook and channel pages whose chosen time has come. Safe to "
        "run every minute (e.g. from cron): each draft is published once, even if runs overlap."
    )

    def handle(self, *args, **options):
        models = [model for model in apps.get_models() if issubclass(model, Publishable)]
        published = publish_scheduled(models)
        for obj in published:
            self.stdout.write(f"{obj._meta.verbose_name}: {obj}")
        self.stdout.write(f"Published: {len(published)}.")
