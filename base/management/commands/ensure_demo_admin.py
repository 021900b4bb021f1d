from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME, PASSWORD = "admin", "admin"


class Command(BaseCommand):
    help = "Create the demo admin user (admin/admin). Development settings only."

    def handle(self, *args, **options):
        if not getattr(settings, "PORTAL_DEMO_ADMIN", False) or not settings.DEBUG:
            raise CommandError("The demo admin user exists only with development settings.")
        User = get_user_model()  # noqa: N806
        if User.objects.filter(username=USERNAME).exists():
            self.stdout.write(f"Demo admin user “{USERNAME}” already exists.")
            return
        User.objects.create_superuser(USERNAME, "admin@example.org", PASSWORD)
        self.stdout.write(self.style.SUCCESS(f"Created demo admin user {USERNAME} / {PASSWORD}."))
