"""Bulk import of accounts in the export's own schema (issue 16), on django-import-export.

The library runs the workflow: upload, a dry run inside a rolled-back transaction for the preview,
the file kept between the two steps (in the shared cache, so any worker can confirm it), and the
confirmed import as one transaction. What is ours is the schema: the columns are export.SCHEMA's,
read back the way export.py writes them (";" or "," separated, a byte order mark, lists joined by
" | ", a leading ' that defused a formula), and every value is checked by Account.full_clean() and
saved by Account.save(), the one place an account is written.

A row finds its account by its id, or else by its address on its channel (an open account with the
same handle or platform id), so re-importing a file, ours or another registry's, changes nothing.
"""

import csv
import datetime
import io

import tablib
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV
from import_export.forms import ImportForm
from import_export.instance_loaders import ModelInstanceLoader

from base.indexing import batched_index_updates
from channels.models import Channel

from . import export
from .models import Account, Department

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
# Columns the export derives from others: read past on import, never written.
DERIVED = {"channel_name", "department_name", "parent_department", "status_since", "updated_at",
           "registry_url"}  # fmt: skip
IMPORTED = [name for name in export.FIELD_NAMES if name not in DERIVED]
REQUIRED_COLUMNS = {"id", "channel", "name", "department"}


# Signatures of files that are not text, whatever they are named: zip (and so XLSX), the old Excel
# format, PDF and common images.
BINARY_STARTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff")


class ImportFileForm(ImportForm):
    """The library's import form, refusing what is not a CSV file before it is stored anywhere."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if not upload.size:
            raise forms.ValidationError(_("The file is empty."), code="empty")
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."), code="too_large")
        upload.seek(0)
        start = upload.read(64 * 1024)
        upload.seek(0)
        # UTF-16 text (Excel's "Unicode text") is every other byte NUL; a stray NUL in a CSV is
        # the row's problem, reported there.
        if start.startswith(BINARY_STARTS) or start.count(b"\x00") > len(start) // 10:
            raise forms.ValidationError(
                _(
                    "The file is not a CSV file (it holds binary data). In Excel, choose Save "
                    "as and the format CSV, then import that file."
                ),
                code="binary",
            )
        return upload


class RegistryCSV(CSV):
    """The export's CSV: UTF-8 with or without a byte order mark (Windows-1252 as Excel saves it
    otherwise), ";" or "," between cells."""

    def get_title(self):
        return "csv"

    def is_binary(self):
        return True  # the bytes reach create_dataset, which decides the encoding itself

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            if len(in_stream) > MAX_BYTES:
                raise ValueError(_("The file is larger than 5 MB."))
            try:
                text = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = in_stream.decode("cp1252", errors="replace")
        else:
            text = in_stream.lstrip("\ufeff")
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        dataset = tablib.Dataset()
        headers = None
        for line in reader:
            if headers is None:
                headers = [cell.strip() for cell in line]
                continue
            if not any(cell.strip() for cell in line):
                continue  # a blank line, e.g. at the end
            if len(dataset) >= MAX_ROWS:
                raise ValueError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
            line = [export.undefuse(cell) for cell in line[: len(headers)]]
            dataset.append(line + [""] * (len(headers) - len(line)))
        missing = REQUIRED_COLUMNS - set(headers or [])
        if missing:
            message = _("The first line must name the export’s columns; missing: %(columns)s.")
            raise ValueError(message % {"columns": ", ".join(sorted(missing))})
        dataset.headers = headers
        return dataset


def _list(value):
    separator = export.LIST_SEPARATOR.strip()  # read as written, with or without the spaces
    return [part.strip() for part in str(value or "").split(separator) if part.strip()]


class SlugWidget(widgets.ForeignKeyWidget):
    """A channel or department by its short name, with a Swedish message for an unknown one."""

    def __init__(self, model, message):
        super().__init__(model, field="slug")
        self.message = message
        self.known = {}  # one query per short name and import, not one per row

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value:
            return None
        if value not in self.known:
            self.known[value] = self.model.objects.filter(slug=value).first()
        if self.known[value] is None:
            raise ValueError(self.message() % {"value": value})
        return self.known[value]


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return "" if value is None else str(value).strip()


class LinesWidget(widgets.Widget):
    """A list column (" | " between items) into a field with one item per line."""

    def clean(self, value, row=None, **kwargs):
        return "\n".join(_list(value))


class IsoDateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            message = _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}
            raise ValueError(message) from None


class IdWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value:
            return None
        if not value.isdigit():
            raise ValueError(_("“%(value)s” is not an account number.") % {"value": value})
        return int(value)


class AccountLoader(ModelInstanceLoader):
    """By id when the registry has it, else by the address on its channel (see the module).
    The accounts a file names are read at once, with their shared departments and tags, not a
    query or three per row."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.owners = {}  # an address in the file -> the open account that has it
        wanted = set()
        for row in dataset.dict:
            number, address = self._number(row), self._address(row)
            if address not in self.owners:
                self.owners[address] = self._owner(*address)
            wanted |= {number, self.owners[address]} - {None}
        self.accounts = (
            resource.get_queryset().prefetch_related("other_departments", "tags").in_bulk(wanted)
        )

    def get_instance(self, row):
        number = self._number(row)
        if number in self.accounts:
            return self.accounts[number]
        return self.accounts.get(self.owners.get(self._address(row)))

    @staticmethod
    def _number(row):
        number = str(row.get("id") or "").strip()
        return int(number) if number.isdigit() else None

    @staticmethod
    def _address(row):
        return tuple(str(row.get(name) or "").strip()
                     for name in ("channel", "url", "handle", "platform_id"))  # fmt: skip

    def _owner(self, channel_slug, url, handle, platform_id):
        try:
            channel = self.resource.fields["channel"].widget.clean(channel_slug)
        except ValueError:
            return None
        if channel is None:
            return None
        probe = Account(channel=channel, url=url, handle=handle, platform_id=platform_id)
        try:
            probe.normalise()
        except Exception:  # noqa: BLE001 - an odd address is full_clean()'s to report
            return None
        for kind, key in (("platform_id", probe.platform_key), ("handle", probe.handle_key)):
            owner = self.resource.open_keys.get((channel.pk, kind, key)) if key else None
            if owner is not None:
                return owner
        return None


def _field(name, widget=None):
    return fields.Field(attribute=name, column_name=name, widget=widget or TextWidget())


class AccountResource(resources.ModelResource):
    id = _field("id", IdWidget())
    channel = _field(
        "channel", SlugWidget(Channel, lambda: _("No channel has the short name “%(value)s”."))
    )
    department = _field(
        "department",
        SlugWidget(Department, lambda: _("No department has the short name “%(value)s”.")),
    )
    audiences = _field("audiences", LinesWidget())
    started_on = _field("started_on", IsoDateWidget())
    closed_on = _field("closed_on", IsoDateWidget())
    verified_on = _field("verified_on", IsoDateWidget())

    class Meta:
        model = Account
        fields = [name for name in IMPORTED if name not in ("other_departments", "tags")]
        import_id_fields = ["id"]
        instance_loader_class = AccountLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        skip_html_diff = True
        store_instance = True  # the preview lists what changes in each row

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """full_clean() without Django's constraint queries, uniqueness from claim_keys(). Django
        checks each constraint with a query of its own (eight per row, most of an import's
        time); the check constraints' rules are clean()'s too, and the database refuses any row
        that breaks one (the import then rolls back as a whole)."""
        errors = dict(import_validation_errors or {})
        # The channel and department came from our own lookup: no query to prove they exist.
        known = {name for name in ("channel", "department") if getattr(instance, f"{name}_id")}
        try:
            instance.full_clean(exclude=errors.keys() | known, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not errors:
            errors = self.claim_keys(instance)
        if errors:
            raise ValidationError(errors)

    def claim_keys(self, instance):
        """The uniqueness constraints, checked against the open accounts' keys read once per
        import (a query per row and constraint otherwise), and against the rows above."""
        if instance.status == "closed":
            return {}
        errors, claims = {}, []
        for kind, key in (("platform_id", instance.platform_key), ("handle", instance.handle_key)):
            if not key:
                continue
            place = (instance.channel_id, kind, key)
            owner = self.open_keys.get(place)
            if owner is None or owner == instance.pk:
                claims.append(place)
            elif isinstance(owner, int):
                errors[kind] = (
                    _("This channel already has an account with this handle that is not closed.")
                    if kind == "handle"
                    else _("This channel already has an account with this id that is not closed.")
                )
            else:
                errors[kind] = _("The same account is on line %(line)d of the file already.") % {
                    "line": owner[1]}  # fmt: skip
        if not errors:
            for place in claims:  # a new account's keys name its line, for the rows below
                self.open_keys[place] = instance.pk or ("line", self.line)
        return errors

    def import_data_inner(self, dataset, dry_run, *args, **kwargs):
        # One index update for the whole file instead of one per account; none for the preview,
        # whose transaction is rolled back.
        with batched_index_updates(discard=dry_run):
            self.fields["channel"].widget.known.clear()
            self.fields["department"].widget.known.clear()
            # Every open account's keys, in one query (see claim_keys).
            self.open_keys = {}
            for pk, channel, handle, platform in Account.objects.exclude(
                status="closed"
            ).values_list("pk", "channel_id", "handle_key", "platform_key"):
                if handle:
                    self.open_keys[(channel, "handle", handle)] = pk
                if platform:
                    self.open_keys[(channel, "platform_id", platform)] = pk
            return super().import_data_inner(dataset, dry_run, *args, **kwargs)

    def after_import_row(self, row, row_result, **kwargs):
        """The columns this row changes, for the preview."""
        instance, original = row_result.instance, row_result.original
        row_result.line = kwargs["row_number"] + 1  # the header is the file's first line
        row_result.changed_columns = []
        if row_result.is_update() and instance is not None and original is not None:
            row_result.changed_columns = [
                field.column_name
                for field in self.get_import_fields()
                if field.get_value(instance) != field.get_value(original)
            ] + list(getattr(instance, "_changed_relations", []))

    def get_queryset(self):
        return Account.objects.select_related("channel", "department")

    def init_instance(self, row=None):
        return Account()

    def before_import_row(self, row, **kwargs):
        self.line = kwargs["row_number"] + 1  # the header is the file's first line

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        number = instance.pk
        instance._was_new = number is None
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # The account keeps its own number: a number the registry does not have, or one that
        # differs from the account found by its address, is another registry's.
        instance.pk = number
        if instance.channel_id and not errors:
            # As save() will: the handle from the address, the keys, the dates a status implies.
            # Done now, so a row that leaves them to be derived compares equal when unchanged.
            instance.normalise()
        if "other_departments" in row:
            slugs = _list(row["other_departments"])
            known = self.fields["department"].widget.known
            missing = [slug for slug in slugs if slug not in known]
            if missing:
                found = {d.slug: d for d in Department.objects.filter(slug__in=missing)}
                known.update({slug: found.get(slug) for slug in missing})
            found = {slug: known[slug] for slug in slugs if known[slug] is not None}
            unknown = [slug for slug in slugs if known[slug] is None]
            if unknown:
                errors["other_departments"] = [
                    _("No department has the short name “%(value)s”.") % {"value": slug}
                    for slug in unknown
                ]
            instance._imported_others = sorted(d.pk for d in found.values())
        if "tags" in row:
            instance._imported_tags = sorted(set(_list(row["tags"])))
        instance._changed_relations = self.changed_relations(instance)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        return not instance._changed_relations

    def changed_relations(self, instance):
        changed = []
        if instance.pk is None:
            return ["other_departments", "tags"]
        others = getattr(instance, "_imported_others", None)
        # From the loader's prefetch: no query.
        if others is not None and others != sorted(d.pk for d in instance.other_departments.all()):
            changed.append("other_departments")
        tags = getattr(instance, "_imported_tags", None)
        if tags is not None and tags != sorted(t.name for t in instance.tags.all()):
            changed.append("tags")
        return changed

    def save_instance(self, instance, is_create, row, **kwargs):
        # The preview validates every row; only the confirmed import saves.
        if not kwargs.get("dry_run"):
            super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        # Only what changed; a new account has nothing to replace, so its relations are added.
        changed, new = instance._changed_relations, instance._was_new
        others = getattr(instance, "_imported_others", None)
        if others and new:
            instance.other_departments.add(*others)
        elif others is not None and "other_departments" in changed:
            instance.other_departments.set(others)
        tags = getattr(instance, "_imported_tags", None)
        if tags and new:
            instance.tags.add(*tags)
        elif tags is not None and "tags" in changed:
            instance.tags.set(tags)
