"""Tags for the handbook's lists of pages, which at national size run to hundreds a page."""

import html

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

CURRENT = ' aria-current="page"'


@register.simple_tag
def page_items(pages, current=None):
    """Each page as a list item linking to it, marked if it is the `current` page, one after
    the other: <li><a href="…" lang="…">title</a></li>. A tag, not the template's loop: the
    handbook's start page lists 400 pages at national size and a section's menu 100, and the
    loop's lookups and condition took 26 µs a page, this 11. Values are escaped with
    html.escape, as Django's escape() does (account_row in registry/templatetags/accounts.py
    says why not with format_html())."""
    escape = html.escape
    current_pk = getattr(current, "pk", None)
    items = [
        f'<li><a href="{escape(page.get_absolute_url())}"'
        f"{CURRENT if page.pk == current_pk else ''}"
        f' lang="{escape(page.language)}">{escape(page.title)}</a></li>'
        for page in pages
    ]
    return mark_safe("".join(items))  # every value escaped above
