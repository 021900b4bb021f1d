"""The registry as open data: one schema for CSV, XLSX, JSON and the API.

The schema is a public promise (the open-data page documents it from SCHEMA): fields are only ever
added at the end, never renamed or removed. Rows are built from an iterator in chunks, so an export
of 100 000 accounts streams with flat memory.
"""

import csv
import datetime
import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from taggit.models import TaggedItem

from channels.models import Channel

from .models import Account

CHUNK = 1000
LICENCE = "CC0-1.0"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/deed.sv"
CSV_DELIMITER = ";"  # what Excel expects with Swedish regional settings
LIST_SEPARATOR = " | "
# Spreadsheets run a cell that starts with one of these as a formula ("CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "text", "list", "date", "datetime", "integer"
    description: str
    value: object  # callable(account, base_url) -> value

    def get(self, account, base_url):
        return self.value(account, base_url)


def _date(value):
    return value.isoformat() if value else None


SCHEMA = [
    Column("id", "integer", _("The account’s number in the registry. Never reused."),
           lambda a, b: a.pk),
    Column("channel", "text", _("The channel’s short name, e.g. facebook."),
           lambda a, b: a.channel.slug),
    Column("channel_name", "text", _("The channel’s name."), lambda a, b: a.channel.name),
    Column("name", "text", _("The account’s display name."), lambda a, b: a.name),
    Column("handle", "text", _("The handle, without @, as written on the platform."),
           lambda a, b: a.handle),
    Column("url", "text", _("The account’s address on the platform."), lambda a, b: a.url),
    Column("platform_id", "text", _("A stable id on the platform, when known."),
           lambda a, b: a.platform_id),
    Column("status", "text", _("active, paused or closed."), lambda a, b: a.status),
    Column("status_since", "date", _("The day the account got its current status."),
           lambda a, b: _date(a.status_since)),
    Column("department", "text", _("The owning department’s short name."),
           lambda a, b: a.department.slug),
    Column("department_name", "text", _("The owning department’s name."),
           lambda a, b: a.department.name),
    Column("parent_department", "text",
           _("The short name of the department above it, when there is one."),
           lambda a, b: a.department.parent.slug if a.department.parent_id else ""),
    Column("other_departments", "list", _("Departments that share the account (short names)."),
           lambda a, b: a.listed_departments),
    Column("purpose", "text", _("Why the account exists."), lambda a, b: a.purpose),
    Column("goals", "text", _("What the account should achieve."), lambda a, b: a.goals),
    Column("audiences", "list", _("Target audiences."), lambda a, b: a.audience_list),
    Column("content_type", "text", _("What the account publishes."),
           lambda a, b: a.content_type),
    Column("language", "text", _("Language code (ISO 639), mul for several."),
           lambda a, b: a.language),
    Column("tags", "list", _("Tags."), lambda a, b: a.listed_tags),
    Column("started_on", "date", _("When the account started (YYYY-MM-DD)."),
           lambda a, b: _date(a.started_on)),
    Column("closed_on", "date", _("When the account closed; empty while it is in use."),
           lambda a, b: _date(a.closed_on)),
    Column("contact_email", "text", _("A functional mailbox for questions about the account."),
           lambda a, b: a.contact_email),
    Column("verified_on", "date",
           _("When someone last checked that the account is ours and in use."),
           lambda a, b: _date(a.verified_on)),
    Column("updated_at", "datetime", _("Last change in the registry (ISO 8601, UTC)."),
           lambda a, b: a.updated_at.astimezone(datetime.UTC).isoformat(timespec="seconds")),
    Column("registry_url", "text", _("The account’s page in this registry."),
           lambda a, b: b + a.get_absolute_url()),
]  # fmt: skip
FIELD_NAMES = [column.name for column in SCHEMA]


def prepare(queryset):
    """Everything a row needs but its lists (see _attach_lists), in a constant number of
    queries per chunk.

    Channels come through a narrow prefetch instead of a join: a joined row would carry the
    channel's whole guidance text again for every account (about 15 kB each).
    """
    return (
        queryset.defer("search_text")
        .select_related("department", "department__parent")
        .prefetch_related(Prefetch("channel", queryset=Channel.objects.only("pk", "slug", "name")))
    )


def rows(queryset, base_url):
    """Dicts in schema order; lists stay lists."""
    accounts = prepare(queryset).iterator(chunk_size=CHUNK)
    while chunk := list(islice(accounts, CHUNK)):
        _attach_lists(chunk)
        for account in chunk:
            yield {column.name: column.get(account, base_url) for column in SCHEMA}


def _attach_lists(accounts):
    """Each account's tag names and sharing departments' short names, as plain sorted lists
    (listed_tags, listed_departments): one query each for the chunk. prefetch_related gave
    the same in as many queries, but handed them over as two querysets built per account,
    most of an export's time (at national size 13 s of the CSV's 14)."""
    ids = [account.pk for account in accounts]
    tags, departments = defaultdict(list), defaultdict(list)
    tagged = TaggedItem.objects.filter(
        content_type__app_label="registry", content_type__model="account", object_id__in=ids
    )
    for account_id, name in tagged.values_list("object_id", "tag__name"):
        tags[account_id].append(name)
    # In the database's order of short names, as the prefetch had them (its collation, which
    # on PostgreSQL need not be Python's).
    shared = Account.other_departments.through.objects.filter(account_id__in=ids)
    for account_id, slug in shared.order_by("department__slug").values_list(
        "account_id", "department__slug"
    ):
        departments[account_id].append(slug)
    for account in accounts:
        account.listed_tags = sorted(tags[account.pk])
        account.listed_departments = departments[account.pk]


def flat(value):
    """A cell for CSV and XLSX: lists joined, None empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return value


def defuse(text):
    """Keep spreadsheets from running a cell as a formula (the leading ' is documented)."""
    if isinstance(text, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def undefuse(text):
    """What defuse() wrote, read back (the import)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class _Echo:
    def write(self, value):
        return value


def csv_chunks(queryset, base_url):
    # The byte order mark makes Excel read UTF-8 instead of guessing a Windows code page.
    yield "\ufeff"
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER, lineterminator="\r\n")
    yield writer.writerow(FIELD_NAMES)
    for row in rows(queryset, base_url):
        yield writer.writerow([defuse(flat(row[name])) for name in FIELD_NAMES])


def json_chunks(queryset, base_url, meta):
    head = json.dumps(meta, ensure_ascii=False)[:-1]  # the object stays open for the accounts
    yield head + ', "accounts": [\n'
    first = True
    for row in rows(queryset, base_url):
        yield ("" if first else ",\n") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "\n]}\n"


def xlsx_file(queryset, base_url, title):
    """A temporary file holding the workbook: openpyxl's write-only mode keeps rows on disk."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(FIELD_NAMES)
    for row in rows(queryset, base_url):
        sheet.append([_cell(sheet, flat(row[name])) for name in FIELD_NAMES])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it when sent
    workbook.save(handle)
    handle.seek(0)
    return handle


def _cell(sheet, value):
    """The value as openpyxl writes it, but text that it would read as a formula (=…) or an
    error (#N/A) stays text. Only those get a cell of their own: a cell for every value was
    a third of the workbook's time."""
    if isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value
