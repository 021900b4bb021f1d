from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import lazy
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from base.addresses import fast_reverse
from base.models import Reviewed, ReviewedQuerySet
from base.publishing import Publishable
from base.rendering import render_markdown
from base.slugs import refuse_reserved_slug
from base.uploads import ImageRules

from . import matching
from .matching import (
    validate_handle_characters,
    validate_handle_patterns,
    validate_share_patterns,
)

RESERVED_SLUGS = {"jamfor"}


lazy_escape = lazy(escape, str)


# A logo is shown at 64 px: a still PNG, JPEG or WebP of modest size is plenty.
LOGO_RULES = ImageRules(max_megabytes=2, max_megapixels=4, formats=("PNG", "JPEG", "WEBP"))


def validate_channel_slug(value):
    refuse_reserved_slug(value, RESERVED_SLUGS)


class ChannelQuerySet(ReviewedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Channel(Reviewed, Publishable):
    # owner, owner_email, last_reviewed, review_interval_months, review_due: base.Reviewed.
    # Channel pages go out of date first (platforms change): someone answers for each.
    # draft, publish_at: base.publishing.Publishable; the texts below wait in a draft while
    # the channel page is live.
    DRAFT_FIELDS = ("description", "frequency_note", "guidance", "keep_in_mind", "legal_notes",
                    "naming_advice")  # fmt: skip
    LIVE_FIELD = "is_active"
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(
        _("slug"), max_length=60, unique=True, validators=[validate_channel_slug]
    )
    logo = models.ImageField(_("logo"), upload_to="channels/", blank=True, validators=[LOGO_RULES])
    logo_alt = models.CharField(_("logo alternative text"), max_length=120, blank=True)
    description = models.CharField(_("short description"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True, help_text=_("Markdown."))
    guidance_html = models.TextField(editable=False, blank=True)

    posts_per_week_min = models.PositiveSmallIntegerField(
        _("at least … posts a week"), null=True, blank=True
    )
    posts_per_day_max = models.PositiveSmallIntegerField(
        _("at most … posts a day"), null=True, blank=True
    )
    frequency_note = models.CharField(_("note on frequency"), max_length=300, blank=True)
    keep_in_mind = models.TextField(
        _("things to keep in mind"), blank=True, help_text=_("One point per line.")
    )

    help_url = models.URLField(_("help centre"), blank=True)
    hijack_url = models.URLField(_("report a hijacked account"), blank=True)
    two_factor_url = models.URLField(_("turn on two-step verification"), blank=True)
    terms_url = models.URLField(_("terms of service"), blank=True)
    algorithm_news_url = models.URLField(_("news about the algorithm"), blank=True)

    legal_notes = models.TextField(
        _("legal notes"),
        blank=True,
        help_text=_("Markdown: copyright, Creative Commons, GDPR, accessibility."),
    )
    legal_notes_html = models.TextField(editable=False, blank=True)
    naming_advice = models.TextField(
        _("account name, description and profile picture"), blank=True, help_text=_("Markdown.")
    )
    naming_advice_html = models.TextField(editable=False, blank=True)

    hosts = models.TextField(
        _("hosts"),
        blank=True,
        help_text=_(
            "One host name per line, without www., m. or mobile., e.g. facebook.com. "
            "*.linkedin.com also accepts every subdomain, such as se.linkedin.com."
        ),
    )
    handle_patterns = models.TextField(
        _("account URL patterns"),
        blank=True,
        validators=[validate_handle_patterns],
        # Escaped: the admin shows help texts as HTML, and (?P<handle>…) is not a tag.
        help_text=lazy_escape(
            _(
                "One regular expression per line, matched against the path, with (?P<handle>…), "
                "or (?P<id>…) for a stable platform id. "
                "The handle always runs to the end of its path segment, so sub-pages such as posts "
                "and videos under the account's path find the account."
            )
        ),
    )
    share_hosts = models.TextField(
        _("hosts of links without an account"),
        blank=True,
        help_text=_(
            "Short-link and redirect hosts whose addresses never name an account, one per line, "
            "e.g. vm.tiktok.com or youtu.be. The check answers that the address does not say "
            "which account it belongs to."
        ),
    )
    share_patterns = models.TextField(
        _("paths of links without an account"),
        blank=True,
        validators=[validate_share_patterns],
        help_text=_(
            "One regular expression per line, matched against the path on the channel's hosts: "
            "share links, single posts and videos whose address names no account, e.g. ^/p/."
        ),
    )
    handle_characters = models.CharField(
        _("characters allowed in a handle"),
        max_length=100,
        blank=True,
        validators=[validate_handle_characters],
        help_text=_(
            "The inside of a regular-expression character class, e.g. A-Za-z0-9._ ; \\w allows "
            "letters of every language (å, ä, ö), digits and _. Empty allows everything."
        ),
    )
    handle_min_length = models.PositiveSmallIntegerField(
        _("shortest handle"), null=True, blank=True
    )
    handle_max_length = models.PositiveSmallIntegerField(_("longest handle"), null=True, blank=True)

    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    # Every change with who, when, the old and new values; viewable and restorable in the admin.
    history = HistoricalRecords()

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(logo="") | ~models.Q(logo_alt=""),
                name="channels_channel_logo_has_alt",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.logo and not self.logo._committed:
            self.logo = LOGO_RULES.prepare(self.logo).file  # re-encoded, under a random name
        self.schedule_review()
        self.render()
        previous = (
            Channel.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if self.pk
            else None
        )
        super().save(*args, **kwargs)
        if previous and previous != self.slug:
            # Old addresses keep working: handbook links to /kanaler/<old>/ redirect here.
            ChannelSlugRedirect.objects.update_or_create(
                old_slug=previous, defaults={"channel": self}
            )
        ChannelSlugRedirect.objects.filter(old_slug=self.slug).delete()

    def get_absolute_url(self):
        return fast_reverse("channels:detail", self.slug)

    def render(self):
        """The stored HTML of the Markdown fields: on save, and for a draft's preview."""
        self.guidance_html = render_markdown(self.guidance).html
        self.legal_notes_html = render_markdown(self.legal_notes).html
        self.naming_advice_html = render_markdown(self.naming_advice).html

    def clean(self):
        if self.logo and not self.logo_alt.strip():
            raise ValidationError({"logo_alt": _("A logo needs an alternative text.")})
        low, high = self.handle_min_length, self.handle_max_length
        if low and high and low > high:
            raise ValidationError(
                {"handle_max_length": _("The longest handle cannot be shorter than the shortest.")}
            )

    @property
    def keep_in_mind_points(self):
        return [line.strip(" -•\t") for line in self.keep_in_mind.splitlines() if line.strip()]

    @property
    def handle_rules(self):
        return matching.HandleRules(
            characters=self.handle_characters,
            min_length=self.handle_min_length,
            max_length=self.handle_max_length,
        )

    def read(self, address):
        """How this channel reads a parsed address (matching.Reading), or None if not its own."""
        return matching.read(
            address,
            hosts=matching.host_lines(self.hosts),
            share_hosts=matching.host_lines(self.share_hosts),
            handle_patterns=matching.compile_patterns(self.handle_patterns.splitlines()),
            share_patterns=matching.compile_patterns(self.share_patterns.splitlines()),
        )

    def read_url(self, url):
        """The Reading of an account address on this channel, or None when it names no account."""
        address = matching.parse(url)
        reading = self.read(address) if address else None
        if reading is None or reading.kind != matching.Kind.ACCOUNT:
            return None
        return reading

    def match_handle(self, url):
        """The handle or platform id in an account address on this channel, or None."""
        reading = self.read_url(url)
        return reading.handle if reading else None

    def extract_handle(self, url):
        """The comparison key of the handle or id in an account address, or None."""
        reading = self.read_url(url)
        if reading is None:
            return None
        return (matching.id_key if reading.is_id else matching.handle_key)(reading.handle)


class ChannelSlugRedirect(models.Model):
    old_slug = models.SlugField(max_length=60, unique=True)
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="old_slugs")

    def __str__(self):
        return f"{self.old_slug} → {self.channel.slug}"
