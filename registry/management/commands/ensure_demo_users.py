from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from registry.access import CENTRAL_COMMUNICATOR, DEPARTMENT_EDITOR
from registry.models import Department

# (username = password, role, department slug): one demo user per role below the admin user.
USERS = [
    ("kommunikator", CENTRAL_COMMUNICATOR, None),
    ("kultur", DEPARTMENT_EDITOR, "kultur"),
    # A member of staff without a role: signs in on the public pages to propose an account.
    ("medarbetare", None, None),
]


class Command(BaseCommand):
    help = (
        "Create one demo user per role: kommunikator/kommunikator (central communicator) and "
        "kultur/kultur (department editor for Kultur- och fritidsförvaltningen) and "
        "medarbetare/medarbetare (staff without a role, who may propose accounts). "
        "Development settings only."
    )

    def handle(self, *args, **options):
        if not getattr(settings, "PORTAL_DEMO_ADMIN", False) or not settings.DEBUG:
            raise CommandError("The demo users exist only with development settings.")
        User = get_user_model()  # noqa: N806
        for username, role, slug in USERS:
            if User.objects.filter(username=username).exists():
                continue
            user = User.objects.create_user(
                username, f"{username}@example.org", username, is_staff=role is not None
            )
            if role:
                user.groups.add(Group.objects.get(name=role))
            department = Department.objects.filter(slug=slug).first() if slug else None
            if department:
                department.editors.add(user)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created demo user {username} / {username} ({role or 'staff'})."
                )
            )
