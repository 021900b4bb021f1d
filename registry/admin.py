import datetime
import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportMixin
from simple_history.admin import SimpleHistoryAdmin

from base.admin_tools import (
    HttpsByDefault,
    LabelledListEditable,
    NoLostEdits,
    ValidAutocomplete,
    mark_handled,
)
from channels.matching import id_key

from . import textsearch, verification
from .access import department_ids, may_edit_account, sees_all_departments, top_departments
from .importing import IMPORTED, AccountResource, ImportFileForm, RegistryCSV
from .models import (
    CHECKLIST,
    INTERNAL_STATUSES,
    Account,
    AccountEvent,
    Communicator,
    Department,
    Incident,
    Proposal,
    Report,
    Status,
)


@admin.register(Department)
class DepartmentAdmin(ValidAutocomplete, NoLostEdits, SimpleHistoryAdmin):
    list_display = ["name", "parent", "email"]
    list_select_related = ["parent__parent"]  # the parent's label names its own parent
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    filter_horizontal = ["editors"]


class AccountEventInline(admin.TabularInline):
    model = AccountEvent
    fields = ["happened_at", "kind", "fields"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("public history")

    def has_add_permission(self, request, obj=None):
        return False


class IncidentInline(admin.StackedInline):
    model = Incident
    fields = ["happened_on", "kind", "what_happened", "what_was_done", "recorded_by"]
    readonly_fields = ["recorded_by"]
    extra = 0
    verbose_name_plural = _("incident log (internal)")


PROPOSAL_ANSWERS = ["proposed_by", "proposed_at", "why_channel", "existing_accounts", "resources",
                    "manager", "routines", "unwanted_content"]  # fmt: skip


class ProposalInline(admin.StackedInline):
    """The proposer's answers, on the proposed account's own page: read, never rewritten."""

    model = Proposal
    fields = readonly_fields = PROPOSAL_ANSWERS
    extra = 0
    can_delete = False
    verbose_name_plural = _("answers to the questions before you start")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReviewFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "granskning"

    def lookups(self, request, model_admin):
        return [("forfallen", _("overdue")), ("snart", _("due within 30 days"))]

    def queryset(self, request, queryset):
        if self.value() == "forfallen":
            return queryset.review_overdue()
        if self.value() == "snart":
            soon = timezone.localdate() + datetime.timedelta(days=30)
            return queryset.official().filter(next_review__lte=soon)
        return queryset


class DepartmentFilter(admin.SimpleListFilter):
    """Where the user's departments begin, and once one is chosen, the way down to it and its
    units: a drill-down, where Django's own filter listed every department (a national body's
    3 000, with a query each for the parent's name: 2 981 queries and 0.8 s a list). A
    department's accounts are those of its units too, and those it shares, as on the public
    list."""

    title = _("department")
    parameter_name = "forvaltning"

    def lookups(self, request, model_admin):
        # Only the top and the way down are read: the same queries whatever the size.
        shown = list(top_departments(request.user).select_related("parent").order_by("name"))
        chosen = self._chosen(request)
        if chosen is not None:
            listed = {department.pk for department in shown}
            way = []
            for department in chosen.lineage():
                if department.pk in listed:
                    break
                way.append(department)
            shown += reversed(way)
            shown += chosen.children.select_related("parent").order_by("name")
        return [(str(department.pk), str(department)) for department in shown]

    def queryset(self, request, queryset):
        chosen = self._chosen(request)
        if chosen is None:
            return queryset
        departments = list(Department.objects.only("pk", "parent_id"))
        return queryset.of_departments(Department.with_descendants(departments, chosen))

    def _chosen(self, request):
        """The chosen department, if it is one the user answers for; else nothing is chosen."""
        if not hasattr(self, "_chosen_department"):
            value, found = self.value(), None
            if value and value.isascii() and value.isdigit():  # "²" is a digit to isdigit()
                found = Department.objects.select_related("parent__parent").filter(pk=value).first()
            if found and not sees_all_departments(request.user):
                found = found if found.pk in department_ids(request.user) else None
            self._chosen_department = found
        return self._chosen_department


def _unquoted(bit):
    """A quoted phrase of the search box without its quotes, as Django's search reads it."""
    if bit[:1] in ("'", '"') and bit[0] == bit[-1]:
        return unescape_string_literal(bit)
    return bit


# One word with a dot or a slash inside: perhaps an address, which the search reads as one.
ADDRESS_LIKE = re.compile(r"\S+[./]\S+")


@admin.register(Account)
class AccountAdmin(ImportMixin, ValidAutocomplete, NoLostEdits, HttpsByDefault, SimpleHistoryAdmin):
    list_display = ["name", "handle", "channel", "department", "status", "verified_on",
                    "next_review"]  # fmt: skip
    list_filter = [ReviewFilter, "status", "channel", DepartmentFilter, "language"]
    list_select_related = ["channel", "department", "department__parent"]
    # The model's order (channel, then name) by the kept sort key the account_by_channel_order
    # index walks: sorting the joined channels took 88 ms a list at national size.
    ordering = ["channel_sort", "name", "id"]
    # Searched by get_search_results below; naming them turns the search box on.
    search_fields = ["name", "handle", "url", "purpose", "department__name"]
    search_help_text = _(
        "Words in name, handle, purpose, goals, audiences, content or department, or the "
        "account’s address."
    )
    autocomplete_fields = ["department", "other_departments"]
    date_hierarchy = "verified_on"
    inlines = [ProposalInline, IncidentInline, AccountEventInline]
    actions = ["mark_verified_today", "close_accounts"]
    fieldsets = [
        (None, {"fields": ["channel", "url", "handle", "platform_id", "name"]}),
        (_("Owner and contact"), {"fields": ["department", "other_departments", "contact_email"]}),
        (_("Purpose"), {"fields": [
            "purpose", "goals", "audiences", "content_type", "language", "tags",
        ]}),
        (_("Status"), {"fields": ["status", "lifecycle", "started_on", "closed_on",
                                  "final_archive_on"]}),
        (_("Start checklist"), {
            "fields": [*(field for field, _label in CHECKLIST), "checklist_by", "checklist_at"],
            "description": _("Every answer is needed before the account is activated."),
        }),
        (_("Review"), {"fields": ["verified_on", "review_interval_months", "next_review"]}),
        (_("Routines (internal)"), {
            "fields": ["routine_warnings"],
            "description": _("Never shown to the public, in exports, feeds or the API."),
        }),
        (_("Moderation"), {"fields": [
            "moderation_frequency", "moderators", "backup_moderators", "house_rules_url",
        ]}),
        (_("Archiving"), {"fields": [
            "archive_level", "archive_interval_months", "last_archived_on", "next_archive_on",
            "archive_location", "archive_reference",
        ]}),
        (_("Security"), {"fields": ["two_factor_for_all", "login_held_by", "access_reviewed_on"]}),
        (_("Personal data"), {"fields": ["data_controller", "privacy_notice_url"]}),
    ]  # fmt: skip
    readonly_fields = ["next_review", "lifecycle", "checklist_by", "checklist_at",
                       "routine_warnings", "next_archive_on"]  # fmt: skip
    # Bulk import (registry/importing.py): the export's CSV, previewed, then confirmed.
    resource_classes = [AccountResource]
    import_formats = [RegistryCSV]
    import_form_class = ImportFileForm
    import_template_name = "admin/registry/account/import.html"
    import_export_change_list_template = "admin/registry/account/change_list.html"

    def get_search_results(self, request, queryset, search_term):
        """The accounts whose words (name, handle, purpose, goals, audiences, content type) or
        department's name hold every word searched for, through the public list's text index;
        one word is also looked for in the addresses and platform ids; a pasted address finds
        its account however it is written, as the public check does. Quotes are dropped: the
        words of a phrase are found anywhere in the account's words.

        Django's search (LIKE over five columns, for the count, the date hierarchy and its
        bounds and the page) took 275-360 ms a list at national size."""
        # "@kommunen": handles are kept without the @.
        text = " ".join(_unquoted(bit).lstrip("@") for bit in smart_split(search_term)).strip()
        if not text:
            return queryset, False
        if ADDRESS_LIKE.fullmatch(text):
            at_address = verification.accounts_at(text)
            if at_address is not None and (found := queryset & at_address).exists():
                return found, False
        words = textsearch.matching(queryset, text)
        if " " not in text:
            # Part of an address ("youtube", "instagram.com/exstad", read as the account
            # "exstad"), a platform id, or a handle with a dot in it: a scan of the addresses
            # (about 100 ms at national size), for a word alone only.
            words |= queryset.filter(Q(url__icontains=text) | Q(platform_key=id_key(text)))
        return words, False

    @admin.display(description=_("needs attention"))
    def routine_warnings(self, obj):
        warnings = obj.routine_warnings() if obj is not None and obj.pk else []
        return " ".join(str(warning) for warning in warnings) or "–"

    @admin.display(description=_("lifecycle"))
    def lifecycle(self, obj):
        """Each status the account has had, who set it and when (from its history)."""
        if obj is None or obj.pk is None:
            return "–"
        steps, last = [], None
        for record in obj.history.order_by("history_date", "history_id").select_related(
            "history_user"
        ):
            if record.status != last:
                who = record.history_user.get_username() if record.history_user else "–"
                when = timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M")
                steps.append(f"{Status(record.status).label} {when} ({who})")
                last = record.status
        return " → ".join(steps) or "–"

    # A department editor answers for the accounts of their own departments only, and may
    # propose and edit them but never approve, activate or close one. Every way in is narrowed:
    # the lists and objects (get_queryset, the object permissions), the choices (department),
    # the fields (status is read-only), the actions, and save_model for a tampered POST or a
    # restored old version.
    LIFECYCLE_FIELDS = ["status", "started_on", "closed_on", "final_archive_on"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if sees_all_departments(request.user):
            return queryset
        return queryset.filter(department_id__in=department_ids(request.user))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or may_edit_account(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_edit_account(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        # A public account is closed, never deleted: the registry must keep telling the truth
        # about it ("no longer official") to anyone who checks the address later.
        if obj is not None and (obj.was_public or obj.status not in INTERNAL_STATUSES):
            return False
        if obj is not None and not may_edit_account(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not sees_all_departments(request.user):
            fields += self.LIFECYCLE_FIELDS
        return fields

    def get_autocomplete_fields(self, request):
        # The department search would offer every department: a plain list of their own.
        if sees_all_departments(request.user):
            return super().get_autocomplete_fields(request)
        return ["other_departments"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "department" and not sees_all_departments(request.user):
            kwargs["queryset"] = Department.objects.filter(pk__in=department_ids(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not sees_all_departments(request.user):
            stored = Account.objects.filter(pk=obj.pk).first() if change else None
            if obj.department_id not in department_ids(request.user):
                raise PermissionDenied
            if (stored.status if stored else Status.PROPOSED) != obj.status:
                raise PermissionDenied  # approving, activating and closing are central tasks
        if set(form.changed_data) & {field for field, _label in CHECKLIST}:
            obj.checklist_by, obj.checklist_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
        for warning in obj.routine_warnings():
            self.message_user(request, warning, messages.WARNING)

    def save_formset(self, request, form, formset, change):
        for item in formset.save(commit=False):
            if isinstance(item, Incident) and item.pk is None:
                item.recorded_by = request.user  # who wrote the entry in the log
            item.save()
        for gone in formset.deleted_objects:
            gone.delete()
        formset.save_m2m()

    def get_inlines(self, request, obj):
        # A new account has no incidents and no history yet: its form is the account alone.
        return self.inlines if obj is not None else []

    def get_urls(self):
        view = self.admin_site.admin_view(self.overdue_view)
        return [path("forfallna/", view, name="registry_account_overdue"), *super().get_urls()]

    def overdue_view(self, request):
        """Förfallna granskningar: the accounts due for review, per department (a department
        editor sees their own)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        accounts = (
            self.get_queryset(request)
            .review_overdue()
            .select_related("channel", "department", "department__parent")
            .order_by("next_review", "name")
        )
        by_department = {}
        for account in accounts:
            by_department.setdefault(account.department, []).append(account)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Overdue reviews"),
            "departments": sorted(by_department.items(), key=lambda item: str(item[0])),
            "can_mark": self.has_change_permission(request),
        }
        return TemplateResponse(request, "admin/registry/account/overdue.html", context)

    def has_import_permission(self, request):
        # An import may set any status and any department: a central task.
        return self.has_add_permission(request) and sees_all_departments(request.user)

    def import_action(self, request, **kwargs):
        """The library's preview, with the valid rows confirmable even when others are not
        (they are listed with their errors and left out), and what each row changes."""
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        form = context.get("form")
        stored = getattr(request.FILES.get("import_file"), "tmp_storage_name", None)
        if stored and form is not None and form.errors:
            # A file the library stored before finding it unreadable is of no further use.
            self.get_tmp_storage_class()(
                name=stored, **self.get_tmp_storage_class_kwargs()
            ).remove()
        result = context.get("result")
        context["columns"] = IMPORTED
        if result is None:
            return response
        saving = [row for row in result.rows if row.is_new() or row.is_update()]
        context["saving"] = saving
        context["invalid"] = [
            {
                "line": row.number + 1,  # the header is the file's first line
                "name": dict(zip(result.diff_headers, row.values, strict=False)).get("name"),
                "errors": [
                    (field, message)
                    for field, messages in row.error_dict.items()
                    for message in messages
                ],  # fmt: skip
            }
            for row in result.invalid_rows
        ]
        context["unchanged"] = result.totals["skip"]
        if saving and not result.has_errors() and "confirm_form" not in context:
            context["confirm_form"] = self.create_confirm_form(request, context["form"])
        if not saving:
            context.pop("confirm_form", None)  # nothing would change
        return response

    def add_data_read_fail_error_to_form(self, form, error):
        if isinstance(error, ValueError) and not isinstance(error, UnicodeError):
            form.add_error("import_file", str(error))  # ours, in Swedish (importing.py)
        else:
            super().add_data_read_fail_error_to_form(form, error)

    def process_result(self, result, request):
        if result.has_errors():  # the whole import was rolled back
            self.message_user(request, _("Nothing was imported: %(error)s") % {
                "error": "; ".join(str(error.error) for _line, errors in result.row_errors()
                                   for error in errors) or _("the file could not be read."),
            }, messages.ERROR)  # fmt: skip
            return HttpResponseRedirect(reverse("admin:registry_account_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        self.message_user(
            request,
            _(
                "Import done: %(new)d new, %(update)d changed, %(skip)d unchanged, %(invalid)d "
                "left out with errors."
            )
            % {key: totals[key] for key in ("new", "update", "skip", "invalid")},
            messages.SUCCESS,
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if not sees_all_departments(request.user):
            actions.pop("close_accounts", None)
        return actions

    @admin.action(description=_("Mark as reviewed"))
    def mark_verified_today(self, request, queryset):
        today = timezone.localdate()
        # Saved one by one: save() is the one place that keeps history and the index right.
        for account in queryset:
            account.verified_on = today
            account.save()
        self.message_user(
            request,
            ngettext(
                "%d account marked as reviewed.", "%d accounts marked as reviewed.", len(queryset)
            )
            % len(queryset),
            messages.SUCCESS,
        )

    @admin.action(description=_("Close the selected accounts"))
    def close_accounts(self, request, queryset):
        closed, refused = 0, []
        for account in queryset.exclude(status=Status.CLOSED):
            account.status = Status.CLOSED
            problems = account.lifecycle_problems(Account.objects.get(pk=account.pk).status)
            if problems:
                refused.append(f"{account}: {' '.join(str(m) for m in problems.values())}")
                continue
            account.save()
            closed += 1
        self.message_user(
            request, ngettext("%d account closed.", "%d accounts closed.", closed) % closed
        )
        for message in refused:
            self.message_user(request, message, messages.WARNING)


@admin.register(Communicator)
class CommunicatorAdmin(LabelledListEditable, ValidAutocomplete, SimpleHistoryAdmin):
    list_display = ["name", "department", "email", "order"]
    list_select_related = ["department", "department__parent"]
    list_editable = ["order"]
    search_fields = ["name", "email", "helps_with", "department__name"]
    autocomplete_fields = ["department"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at", "url", "channel", "verdict", "state"]
    list_filter = ["state", "verdict", "channel"]
    search_fields = ["url", "message"]
    readonly_fields = ["url", "channel", "message", "reply_to", "verdict", "matched_account",
                       "created_at"]  # fmt: skip
    fields = [*readonly_fields, "state", "note"]
    actions = [mark_handled]

    def has_add_permission(self, request):
        return False  # reports come from the public form


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Förslag på nya konton: the communicators' queue of what staff proposed on the public
    pages (registry/proposals.py). Read here; the decision is made on the account itself."""

    list_display = ["reference", "account_link", "channel", "department", "proposed_by",
                    "proposed_at", "status"]  # fmt: skip
    list_filter = ["account__status", "account__channel"]
    list_select_related = ["account__channel", "account__department__parent", "proposed_by"]
    search_fields = ["account__name", "account__purpose", "why_channel"]
    fields = readonly_fields = ["account_link", *PROPOSAL_ANSWERS]
    date_hierarchy = "proposed_at"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if sees_all_departments(request.user):
            return queryset
        return queryset.filter(account__department_id__in=department_ids(request.user))

    def has_add_permission(self, request):
        return False  # proposals come from staff through the form on the public pages

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("proposal"), ordering="pk")
    def reference(self, proposal):
        return proposal.reference

    @admin.display(description=_("account"), ordering="account__name")
    def account_link(self, proposal):
        url = reverse("admin:registry_account_change", args=[proposal.account_id])
        return format_html('<a href="{}">{}</a>', url, proposal.account.name)

    @admin.display(description=_("channel"), ordering="account__channel__name")
    def channel(self, proposal):
        return proposal.account.channel

    @admin.display(description=_("department"), ordering="account__department__name")
    def department(self, proposal):
        return proposal.account.department

    @admin.display(description=_("status"), ordering="account__status")
    def status(self, proposal):
        return proposal.account.get_status_display()
