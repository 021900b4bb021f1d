"""The organisation's identity (name, logo, colours, contact) as pages use it.

It comes from the one SiteSettings record, or from the environment's PORTAL_ORG_* values while
none is saved. Read on every page, so it lives in the cache: the shared one when REDIS_URL is
set, where a save takes effect on every server at once; with the per-process default cache,
other processes see it within IDENTITY_SECONDS. No restart is ever needed.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.templatetags.static import static

KEY = "portal:identity:1"


def _cache():
    # PORTAL_IDENTITY_CACHE names a CACHES alias: "default" (shared with REDIS_URL) unless set.
    name = getattr(settings, "PORTAL_IDENTITY_CACHE", "default")
    return caches[name if name in settings.CACHES else "default"]


IDENTITY_SECONDS = 60


@dataclass(frozen=True)
class Identity:
    name: str
    short_name: str
    org_number: str  # digits only
    logo_url: str
    logo_alt: str
    favicon_url: str
    primary_colour: str
    accent_colour: str
    contact_email: str

    @property
    def version(self):
        """Changes with the colours: the theme stylesheet's address carries it (cached far)."""
        colours = f"{self.primary_colour}{self.accent_colour}".encode()
        return hashlib.sha256(colours).hexdigest()[:12]


def defaults():
    logo = static(settings.PORTAL_ORG_LOGO)
    return Identity(
        name=settings.PORTAL_ORG_NAME,
        short_name=settings.PORTAL_ORG_NAME,
        org_number=settings.PORTAL_ORG_NUMBER,
        logo_url=logo,
        logo_alt="",
        favicon_url=logo,
        primary_colour="#1f4e79",
        accent_colour="#0b5394",
        contact_email=settings.PORTAL_CONTACT_EMAIL,
    )


def _from_record(record):
    from .colours import HEX

    fallback = defaults()
    logo = record.logo.url if record.logo else fallback.logo_url
    return Identity(
        name=record.org_name,
        short_name=record.org_short_name or record.org_name,
        org_number=record.org_number.replace("-", ""),
        logo_url=logo,
        logo_alt=record.logo_alt if record.logo else "",
        favicon_url=record.favicon.url if record.favicon else logo,
        # Written into a stylesheet: only ever a colour, even if the record was changed
        # around the validators.
        primary_colour=record.primary_colour
        if HEX.match(record.primary_colour)
        else fallback.primary_colour,
        accent_colour=record.accent_colour
        if HEX.match(record.accent_colour)
        else fallback.accent_colour,
        contact_email=record.contact_email,
    )


def current():
    cache = _cache()
    identity = cache.get(KEY)
    if identity is None:
        from .models import SiteSettings

        record = SiteSettings.objects.filter(pk=1).first()
        identity = _from_record(record) if record else defaults()
        cache.set(KEY, identity, IDENTITY_SECONDS)
    return identity


def forget():
    """After a save: now, and again once the transaction commits (a request that read the old
    record meanwhile must not keep it)."""
    _cache().delete(KEY)
    transaction.on_commit(lambda: _cache().delete(KEY))


@receiver(setting_changed)
def _environment_changed(setting, **kwargs):
    # The defaults come from settings: a test's override_settings must reach the pages.
    if setting.startswith("PORTAL_ORG") or setting == "PORTAL_CONTACT_EMAIL":
        _cache().delete(KEY)
