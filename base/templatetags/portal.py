"""Template filters the whole site shares."""

import re

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from base import addresses

register = template.Library()

# The reader's sections (config/urls.py, i18n_patterns): a link into one of them, written in a
# text as its Swedish address, leads an English reader to the English page.
_LOCAL = re.compile(r'href="/(?=(?:handbok|kanaler|konton|sok|tillganglighet|synpunkter|kontakt)'
                    r'/|")')  # fmt: skip


@register.filter
def content_links(html):
    """Sanitised HTML (rendered on save) as it is shown: in English, its links into the
    reader's pages point to their English addresses, so reading on never switches language."""
    prefix = "" if get_language() == "sv" else f"/{get_language()}"
    if prefix:
        html = _LOCAL.sub(f'href="{prefix}/', html)
    return mark_safe(html)  # noqa: S308 - sanitised once on save (base.rendering)


@register.filter
def in_language(path):
    """A Swedish address of the reader's pages (as the search index keeps them) in the
    language being read."""
    return path if get_language() == "sv" else addresses.in_language(path, get_language())
