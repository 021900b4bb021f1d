"""Tags for the registry's pages, where the list shows each of them fifty times a page."""

import html
from functools import lru_cache

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

register = template.Library()

# An approved account is shown as it will be in a moment: active. The public never sees it.
STATUS_LABELS = {"closed": _("Closed"), "paused": _("Paused"), "proposed": _("Proposed")}


@register.simple_tag
def account_status(account):
    """The account's status as a coloured label. A tag, not an include: an include per row was
    a third of the list's rendering (26 of 80 µs a row at national size)."""
    return _status(account.status, get_language())


@lru_cache(maxsize=64)
def _status(status, language):  # the language is part of the key; the label is made in it
    label = STATUS_LABELS.get(status, _("Active"))
    return format_html('<span class="status status--{}">{}</span>', status, label)


@register.filter
def short_date(day):
    """The day as Django's date filter writes “j M Y” (“7 Dec 2026”, “7 Okt 2026”), worked out
    once per day and language: the list shows the same few hundred verification days over and
    over, and the date filter took 28 µs a row."""
    return _short_date(day, get_language()) if day else ""


@lru_cache(maxsize=4096)
def _short_date(day, language):  # the language is part of the key; date_format reads it
    return date_format(day, "j M Y")


# One row of the list's table (registry/account_list.html), for account_row below.
ROW = """<tr>
      <th scope="row"><a href="{}" lang="sv">{}</a>{}</th>
      <td>{}</td>
      <td lang="sv">{}</td>
      <td>{}</td>
      <td>{}</td>
    </tr>"""


@register.simple_tag
def account_row(account):
    """An AccountRow as a row of the list's table, the HTML the template wrote. Written here,
    not in the template, for the list's speed: the template's lookups, conditions and filters
    took 2.4 times as long (48 against 20 µs a row, 50 rows a page). The values are escaped with
    html.escape, as Django's escape() does, without its checks for lazy and safe strings, which
    format_html() runs on each value: they were half of this tag's time."""
    escape = html.escape
    handle = f'<br><span class="handle">@{escape(account.handle)}</span>' if account.handle else ""
    verified = "–"
    if day := account.verified_on:
        verified = f'<time datetime="{day.isoformat()}">{escape(short_date(day))}</time>'
    row = ROW.format(
        escape(account.get_absolute_url()),
        escape(account.name),
        handle,
        escape(account.channel_name),
        escape(account.department),
        _status(account.status, get_language()),
        verified,
    )
    return mark_safe(row)  # every value escaped above


# One row of the side-by-side overview's tables (registry/overview.html), for overview_row.
OVERVIEW_ROW = """<tr>
        <th scope="row"><a href="{}" lang="sv">{}</a>{}</th>
        <td>{}</td>
        <td lang="sv">{}</td>
        <td lang="sv">{}</td>
        <td>{}</td>
        <td>{}</td>
      </tr>"""


@register.simple_tag
def overview_row(account, group_by):
    """An account as a row of the side-by-side overview, grouped by channel ("kanal") or by
    department: the HTML the template wrote, 200 rows a page, written here for the reason
    account_row is: the template's rows took 85 µs each, this 29."""
    escape = html.escape
    status = "" if account.status == "active" else f" ({escape(account.get_status_display())})"
    if group_by == "kanal":
        owner = f'<span lang="sv">{escape(str(account.department))}</span>'
    else:
        owner = escape(account.channel.name)
    audiences = account.audience_list
    listed = "".join(f"<li>{escape(audience)}</li>" for audience in audiences)
    email = escape(account.contact_email)
    row = OVERVIEW_ROW.format(
        escape(account.get_absolute_url()),
        escape(account.name),
        status,
        owner,
        escape(account.purpose),
        escape(account.goals) or "–",
        f'<ul class="plain-list" lang="sv">{listed}</ul>' if audiences else "–",
        f'<a href="mailto:{email}">{email}</a>' if email else "–",
    )
    return mark_safe(row)  # every value escaped above
