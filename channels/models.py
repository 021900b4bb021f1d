from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from handbook.models import refuse_reserved_slug
from handbook.rendering import render_markdown

from .matching import (
    compile_patterns,
    host_matches,
    match_handle,
    split_url,
    validate_handle_patterns,
)

RESERVED_SLUGS = {"jamfor"}


def validate_channel_slug(value):
    refuse_reserved_slug(value, RESERVED_SLUGS)


class ChannelQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Channel(models.Model):
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(
        _("slug"), max_length=60, unique=True, validators=[validate_channel_slug]
    )
    logo = models.ImageField(_("logo"), upload_to="channels/", blank=True)
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
        help_text=_(
            "One regular expression per line, matched against the path, with (?P<handle>…)."
        ),
    )

    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

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
        self.guidance_html = render_markdown(self.guidance).html
        self.legal_notes_html = render_markdown(self.legal_notes).html
        self.naming_advice_html = render_markdown(self.naming_advice).html
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
        return reverse("channels:detail", args=[self.slug])

    def clean(self):
        if self.logo and not self.logo_alt.strip():
            raise ValidationError({"logo_alt": _("A logo needs an alternative text.")})

    @property
    def keep_in_mind_points(self):
        return [line.strip(" -•\t") for line in self.keep_in_mind.splitlines() if line.strip()]

    @property
    def host_names(self):
        return {line.strip().lower() for line in self.hosts.splitlines() if line.strip()}

    def match_handle(self, url):
        """The handle in an account URL on this channel as written there, or None."""
        parts = split_url(url)
        if parts is None or not host_matches(parts[0], self.host_names):
            return None
        host, path, query = parts
        return match_handle(compile_patterns(self.handle_patterns.splitlines()), path, query)

    def extract_handle(self, url):
        """The handle in an account URL on this channel, lower-cased for comparison, or None."""
        handle = self.match_handle(url)
        return handle.lower() if handle else None

    def recognises(self, url):
        """Whether the address is on one of this channel's hosts at all."""
        parts = split_url(url)
        return parts is not None and host_matches(parts[0], self.host_names)


class ChannelSlugRedirect(models.Model):
    old_slug = models.SlugField(max_length=60, unique=True)
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="old_slugs")

    def __str__(self):
        return f"{self.old_slug} → {self.channel.slug}"
