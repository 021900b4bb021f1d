from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Account registry")

    # Demo content for base's load_demo command: loaded into these models only while all are empty.
    # After the channels (INSTALLED_APPS order): accounts name their channel by slug.
    demo_label = "registry accounts"
    demo_folder = "konton"
    demo_models = ("Department", "Account")

    def ready(self):
        from django.db.models.signals import post_migrate, post_save

        from . import textsearch
        from .access import ensure_roles
        from .models import resort_channel, resort_department

        # After this app's migrations, and again after a flush (tests), so the roles always
        # exist with every permission their definition names.
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="registry-roles")
        # The free-text filter's index, made by the database (registry/textsearch.py).
        post_migrate.connect(textsearch.install, sender=self, dispatch_uid="registry-text")
        # Channels know nothing of accounts; the registry keeps its copy of their order.
        post_save.connect(resort_channel, sender="channels.Channel", dispatch_uid="resort")
        post_save.connect(resort_department, sender="registry.Department",
                          dispatch_uid="resort-department")  # fmt: skip

    def load_demo(self, folder):
        from .demo import load_registry

        return load_registry(folder)

    def overdue_reviews(self):
        """(mailbox, line) per account in use that is due for review: to the owning
        department's mailbox (or the nearest above it, or the central one)."""
        from django.conf import settings
        from django.urls import reverse
        from django.utils.translation import gettext as _

        from .models import Account

        accounts = Account.objects.review_overdue().select_related(
            "channel", "department", "department__parent"
        )
        for account in accounts:
            email = account.department.mailbox()
            link = settings.PORTAL_SITE_URL + reverse(
                "admin:registry_account_change", args=[account.pk]
            )
            due = account.next_review if account.verified_on else _("never verified")
            yield email, _("Account %(name)s, due %(due)s: %(link)s") % {
                "name": account, "due": due, "link": link}  # fmt: skip
