from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from base import identity
from base.public_forms import PublicMessage
from base.text import site_path


class Feedback(PublicMessage):
    """A reader's message about the website: a problem with a page, its accessibility, or else.

    The accessibility statement points here, as the law asks for a way to report shortcomings.
    """

    REFERENCE_PREFIX = "S"

    class Topic(models.TextChoices):
        ACCESSIBILITY = "accessibility", _("An accessibility problem")
        CONTENT = "content", _("Wrong or outdated content")
        MISSING = "missing", _("Something I could not find")
        OTHER = "other", _("Something else")

    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    page = models.CharField(_("page it concerns"), max_length=500, blank=True)
    message = models.TextField(_("message"), max_length=3000)

    class Meta(PublicMessage.Meta):
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def notify_recipients(self):
        """The owner of the page it concerns, when a content app knows one (an AppConfig's
        `owner_email(path)`, as handbook's), else the central mailbox."""
        path = self.page_path
        if path:
            for config in apps.get_app_configs():
                owner = getattr(config, "owner_email", None)
                email = owner(path) if owner else None
                if email:
                    return [email]
        return [identity.current().contact_email]

    def notify_details(self):
        return [(_("Topic"), self.get_topic_display()), (_("Page it concerns"), self.page or "–"),
                (_("Message"), self.message)]  # fmt: skip

    @property
    def page_path(self):
        """The page as a link on this site, when the sender named one by its address."""
        return site_path(self.page)
