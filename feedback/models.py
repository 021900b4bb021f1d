from django.db import models
from django.utils.translation import gettext_lazy as _

from config.text import site_path


class Feedback(models.Model):
    """A reader's message about the website: a problem with a page, its accessibility, or else.

    The accessibility statement points here, as the law asks for a way to report shortcomings.
    """

    class Topic(models.TextChoices):
        ACCESSIBILITY = "accessibility", _("An accessibility problem")
        CONTENT = "content", _("Wrong or outdated content")
        MISSING = "missing", _("Something I could not find")
        OTHER = "other", _("Something else")

    class State(models.TextChoices):
        NEW = "new", _("new")
        HANDLED = "handled", _("handled")

    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    page = models.CharField(_("page it concerns"), max_length=500, blank=True)
    message = models.TextField(_("message"), max_length=3000)
    reply_to = models.EmailField(_("sender’s email"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.NEW)
    note = models.TextField(_("internal note"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return f"S-{self.pk:06d}" if self.pk else "S-"

    @property
    def reference(self):
        return str(self)

    @property
    def page_path(self):
        """The page as a link on this site, when the sender named one by its address."""
        return site_path(self.page)
