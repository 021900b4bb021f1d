from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from base.models import ReminderSent


class Command(BaseCommand):
    help = (
        "E-mail each owner the accounts and handbook pages they answer for that are due for "
        "review, with links to the admin. Safe to run daily (e.g. from cron): each owner gets "
        "at most one reminder a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be sent.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        # Each app with something to review says so on its AppConfig: overdue_reviews() gives
        # (owner's e-mail, one line about the item), so the ground floor names no app.
        due = defaultdict(list)
        with translation.override(settings.LANGUAGE_CODE):
            for config in apps.get_app_configs():
                if hasattr(config, "overdue_reviews"):
                    for email, line in config.overdue_reviews():
                        due[email].append(line)
        sent, failed = 0, []
        for email, lines in sorted(due.items()):
            if ReminderSent.objects.filter(recipient=email, day=today).exists():
                continue
            if options["dry_run"]:
                self.stdout.write(f"{email}: {len(lines)}")
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject = render_to_string("emails/review_reminder_subject.txt",
                                           {"count": len(lines)}).strip()  # fmt: skip
                body = render_to_string("emails/review_reminder.txt", {"lines": lines})
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(recipient=email, day=today)
                    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
            except IntegrityError:
                continue  # another run reminded this owner a moment ago
            except Exception as problem:  # one unreachable address must not stop the others
                failed.append(f"{email}: {problem}")
                continue
            sent += 1
        self.stdout.write(f"Reminders sent: {sent}.")
        if failed:
            raise CommandError("Could not send: " + "; ".join(failed))
