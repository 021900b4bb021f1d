from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dates import add_months
from .publishing import Publication  # noqa: F401 - a model of this app, defined beside its kin


class ReminderSent(models.Model):
    """That an owner was reminded of their overdue reviews on a day: send_review_reminders
    sends each owner at most one reminder a day, however often it runs."""

    recipient = models.EmailField()
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="base_remindersent_once")
        ]

    def __str__(self):
        return f"{self.day} {self.recipient}"


class ReviewedQuerySet(models.QuerySet):
    def due_for_review(self, today=None):
        return self.filter(review_due__lte=today or timezone.localdate())

    def owned_by(self, email):
        return self.filter(owner_email__iexact=email) if email else self.none()


class Reviewed(models.Model):
    """Content someone answers for and checks at an interval: handbook pages and channel
    guidance. The review queue (base/admin_tools.review_queue_view) lists every such model."""

    owner = models.CharField(
        _("page owner"),
        max_length=120,
        help_text=_("A role or unit, e.g. Kommunikationsavdelningen."),
    )
    owner_email = models.EmailField(_("owner’s contact address"))
    last_reviewed = models.DateField(_("last reviewed"), default=timezone.localdate)
    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    review_due = models.DateField(_("next review"), editable=False, db_index=True)

    class Meta:
        abstract = True

    def schedule_review(self):
        """Called by save(): the next review follows from the last and the interval."""
        self.review_due = add_months(self.last_reviewed, self.review_interval_months)

    @property
    def is_due_for_review(self):
        return self.review_due <= timezone.localdate()

    def mark_reviewed(self, today=None):
        self.last_reviewed = today or timezone.localdate()
        self.save()
