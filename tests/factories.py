"""Small make_<model>(**overrides) helpers: real rows in the test database."""

import datetime
import itertools

from handbook.models import Page, Section, Tip

_numbers = itertools.count(1)


def make_section(**overrides):
    n = next(_numbers)
    fields = {"title": f"Avsnitt {n}", "slug": f"avsnitt-{n}", "intro": "Ett avsnitt.", "order": n}
    fields.update(overrides)
    return Section.objects.create(**fields)


def make_page(*, section=None, tags=(), **overrides):
    n = next(_numbers)
    fields = {
        "section": section or make_section(),
        "title": f"Sida {n}",
        "slug": f"sida-{n}",
        "summary": f"Sammanfattning av sida {n}.",
        "body": f"## Rubrik {n}\n\nText på sida {n}.",
        "owner": "Kommunikationsavdelningen",
        "owner_email": "kommunikation@example.org",
        "last_reviewed": datetime.date(2026, 3, 31),
        "review_interval_months": 12,
        "is_published": True,
        "order": n,
    }
    fields.update(overrides)
    page = Page.objects.create(**fields)
    if tags:
        page.tags.set(list(tags))
    return page


def make_tip(**overrides):
    n = next(_numbers)
    fields = {"title": f"Tips {n}", "body": f"Kom ihåg sak {n}.", "order": n}
    fields.update(overrides)
    return Tip.objects.create(**fields)


def make_channel(**overrides):
    fields = {
        "name": "Facebook",
        "slug": "facebook",
        "description": "Ett stort nätverk.",
        "posts_per_week_min": 2,
        "posts_per_day_max": 2,
        "guidance": "## Passar för\n\nDialog. <script>x()</script>",
        "keep_in_mind": "Svara snabbt\n- Publicera inte för ofta\n\n",
        "legal_notes": "Tänk på **upphovsrätten**.",
        "naming_advice": "Skriv att kontot är officiellt.",
        "help_url": "https://www.facebook.com/help",
        "hijack_url": "https://www.facebook.com/hacked",
        "hosts": "facebook.com\nfb.com",
        "handle_patterns": "^/(?P<handle>[A-Za-z0-9.]{5,})/?$",
        "owner": "Kommunikationsavdelningen",
        "owner_email": "kommunikation@example.org",
        "last_reviewed": datetime.date(2026, 3, 31),
    }
    fields.update(overrides)
    from channels.models import Channel

    return Channel.objects.create(**fields)


def demo_channels():
    """The seven demo channels with their real address patterns (fixtures/kanaler/)."""
    from django.conf import settings

    from channels.demo import load_channels
    from channels.models import Channel

    if not Channel.objects.exists():
        load_channels(settings.BASE_DIR / "fixtures" / "kanaler")
    return {channel.slug: channel for channel in Channel.objects.all()}


def make_department(**overrides):
    from registry.models import Department

    n = next(_numbers)
    fields = {"name": f"Förvaltning {n}", "slug": f"forvaltning-{n}",
              "email": f"forvaltning{n}@exempelstaden.example"}  # fmt: skip
    fields.update(overrides)
    return Department.objects.create(**fields)


def make_account(*, channel, url, department=None, tags=(), **overrides):
    """A saved account; channel is a Channel, the handle comes from the URL as in the admin."""
    from registry.models import Account

    n = next(_numbers)
    fields = {
        "channel": channel,
        "url": url,
        "name": f"Konto {n}",
        "department": department or make_department(),
        "purpose": f"Syftet med konto {n}.",
        "goals": "Svara på frågor inom en arbetsdag.",
        "audiences": "Invånare\nFöretagare",
        "content_type": "Nyheter",
        "status": "active",
        "started_on": datetime.date(2020, 1, 1),
        "contact_email": "kommunikation@exempelstaden.example",
        "verified_on": datetime.date(2026, 6, 1),
    }
    fields.update(overrides)
    account = Account(**fields)
    account.full_clean()
    account.save()
    if tags:
        account.tags.set(list(tags))
    return account


def warm_filter_choices():
    """The registry filters' choice lists and the registry's version, as a warm server has
    them (built once per generation of the page cache, registry/filters.py and
    registry/opendata.py): query counts are then per request."""
    from base import pagecache
    from registry.filters import CHOICES_MEMO, choice_lists
    from registry.opendata import VERSION_MEMO, version

    pagecache.memo(CHOICES_MEMO, choice_lists)
    pagecache.memo(VERSION_MEMO, version)
