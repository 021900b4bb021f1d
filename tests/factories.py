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
