from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .colours import validate_accent_colour, validate_primary_colour
from .dates import add_months
from .publishing import Publication  # noqa: F401 - a model of this app, defined beside its kin
from .uploads import FAVICON_RULES, prepare_logo, validate_logo


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


def validate_org_number(value):
    """A Swedish organisation number: ten digits, often written NNNNNN-NNNN, with a valid
    check digit (the Luhn algorithm, as the tax agency assigns them)."""
    digits = value.replace("-", "").strip()
    total = 0
    for position, digit in enumerate(digits[:9] if digits.isdigit() else ""):
        product = int(digit) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    if not (len(digits) == 10 and digits.isdigit() and (10 - total % 10) % 10 == int(digits[9])):
        raise ValidationError(
            _("Write the organisation number as ten digits, e.g. 212000-0001; check the last "
              "digit."),
            code="org_number",
        )  # fmt: skip


class SiteSettings(models.Model):
    """The organisation's identity on every page: one record, edited in the admin by an
    administrator. Until it is saved, the environment's values (PORTAL_ORG_NAME and the rest)
    are the defaults. Pages read it through base.identity, which keeps it in the cache."""

    org_name = models.CharField(_("organisation name"), max_length=120)
    org_short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("For narrow screens and tabs.")
    )
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        validators=[validate_org_number],
        help_text=_("Ten digits, e.g. 212000-0001. Names the publisher in the open data."),
    )
    logo = models.FileField(
        _("logo"),
        upload_to="identity/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, or SVG (cleaned of everything but shapes and text). Shown at 44 px."),
    )
    logo_alt = models.CharField(
        _("logo alternative text"),
        max_length=120,
        blank=True,
        help_text=_(
            "What the logo says, e.g. Exempelstadens logotyp. Empty if it only "
            "repeats the name beside it."
        ),  # fmt: skip
    )
    favicon = models.ImageField(
        _("favicon"),
        upload_to="identity/",
        blank=True,
        validators=[FAVICON_RULES],
        help_text=_("A square PNG, at least 32 × 32 px. Without one, the logo is used."),
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default="#1f4e79",
        validators=[validate_primary_colour],
        help_text=_("Header and buttons, with white text on it, e.g. #1f4e79."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#0b5394",
        validators=[validate_accent_colour],
        help_text=_("Links, on white and light grey, e.g. #0b5394."),
    )
    contact_email = models.EmailField(
        _("contact mailbox"), help_text=_("The central mailbox for questions and reports.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(_("Site settings"))

    def save(self, *args, **kwargs):
        # The one record, re-encoded uploads, and every server told at once (base.identity).
        from .identity import forget

        self.pk = 1
        self.primary_colour = self.primary_colour.lower()
        self.accent_colour = self.accent_colour.lower()
        if self.logo and not self.logo._committed:
            self.logo = prepare_logo(self.logo)
        if self.favicon and not self.favicon._committed:
            self.favicon = FAVICON_RULES.prepare(self.favicon).file
        super().save(*args, **kwargs)
        forget()

    def delete(self, *args, **kwargs):
        from .identity import forget

        result = super().delete(*args, **kwargs)
        forget()
        return result
