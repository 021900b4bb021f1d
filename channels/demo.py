"""Reads the demo channels in fixtures/kanaler/ (format: fixtures/kanaler/FORMAT.md)."""

import datetime
import re

from django.db import transaction

from base.demo import read_document

from .models import Channel

_BLOCK = re.compile(r"^=== (\w+) ===$", re.MULTILINE)
_NUMBERS = ("posts_per_week_min", "posts_per_day_max", "handle_min_length", "handle_max_length")
_TEXTS = ("description", "frequency_note", "help_url", "hijack_url", "two_factor_url",
          "terms_url", "algorithm_news_url", "handle_characters", "owner",
          "owner_email")  # fmt: skip


def _blocks(body):
    parts = _BLOCK.split(body)
    return {name: text.strip() for name, text in zip(parts[1::2], parts[2::2], strict=True)}


@transaction.atomic
def load_channels(folder):
    count = 0
    for path in sorted(folder.glob("[0-9][0-9]-*.md")):
        doc = read_document(path)
        fields = {name: doc.meta.get(name, "") for name in _TEXTS}
        fields.update({name: int(doc.meta[name]) for name in _NUMBERS if doc.meta.get(name)})
        if doc.meta.get("last_reviewed"):
            fields["last_reviewed"] = datetime.date.fromisoformat(doc.meta["last_reviewed"])
        blocks = _blocks(doc.body)
        channel = Channel.objects.create(
            name=doc.meta["name"],
            slug=path.stem.split("-", 1)[1],
            order=int(path.name[:2]),
            guidance=blocks.get("guidance", ""),
            keep_in_mind=blocks.get("keep_in_mind", ""),
            legal_notes=blocks.get("legal_notes", ""),
            naming_advice=blocks.get("naming_advice", ""),
            hosts=blocks.get("hosts", ""),
            handle_patterns=blocks.get("handle_patterns", ""),
            share_hosts=blocks.get("share_hosts", ""),
            share_patterns=blocks.get("share_patterns", ""),
            **fields,
        )
        channel.record_publication()  # so the page has its "Senast ändrad" from the start
        count += 1
    return count
