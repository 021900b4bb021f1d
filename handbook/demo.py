"""Reads the demo handbook in fixtures/handbok/ (format: fixtures/handbok/FORMAT.md)."""

import datetime
import tomllib

from django.db import transaction

from base.demo import read_document

from .models import Page, Resource, Section, Tip


def _split(value):
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def _slug(path):
    return path.stem.split("-", 1)[1] if path.stem[:2].isdigit() else path.stem


def _order(path):
    return int(path.name[:2]) if path.name[:2].isdigit() else 0


@transaction.atomic
def load_handbook(folder):
    """Create sections, pages and cards through the models' save(); returns the number of pages."""
    pages_by_key, related_by_key = {}, {}
    for section_dir in sorted(p for p in folder.iterdir() if p.is_dir() and p.name[:2].isdigit()):
        intro = read_document(section_dir / "_section.md")
        section = Section.objects.create(
            title=intro.meta["title"],
            slug=_slug(section_dir),
            intro=intro.body.strip(),
            order=_order(section_dir),
        )
        for path in sorted(section_dir.glob("[0-9][0-9]-*.md")):
            doc = read_document(path)
            page = Page.objects.create(
                section=section,
                title=doc.meta["title"],
                slug=_slug(path),
                summary=doc.meta["summary"],
                body=doc.body,
                owner=doc.meta["owner"],
                owner_email=doc.meta["owner_email"],
                last_reviewed=datetime.date.fromisoformat(doc.meta["last_reviewed"]),
                review_interval_months=int(doc.meta.get("review_interval_months", 12)),
                is_published=doc.meta.get("published", "true").lower() != "false",
                order=_order(path),
            )
            page.tags.set(_split(doc.meta.get("tags")))
            if page.is_published:
                page.record_publication()  # so the page has its "Senast ändrad" from the start
            key = f"{section.slug}/{page.slug}"
            pages_by_key[key] = page
            related_by_key[key] = _split(doc.meta.get("related"))
    for key, related in related_by_key.items():
        pages_by_key[key].related.add(*(pages_by_key[other] for other in related))
    tips_dir = folder / "_att-tanka-pa"
    for path in sorted(tips_dir.glob("*.md")) if tips_dir.is_dir() else []:
        doc = read_document(path)
        Tip.objects.create(
            title=doc.meta["title"],
            body=doc.body,
            page=pages_by_key.get(doc.meta.get("page", "")),
            order=_order(path),
        )
    resources = folder / "resurser.toml"
    if resources.is_file():
        entries = tomllib.loads(resources.read_text(encoding="utf-8")).get("resource", [])
        for order, entry in enumerate(entries, start=1):
            page = pages_by_key[entry.pop("page")]
            Resource.objects.create(page=page, order=order, **entry)
    return len(pages_by_key)
