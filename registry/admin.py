from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from base.admin_tools import HttpsByDefault, mark_handled

from .models import Account, AccountEvent, Department, Report, Status


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "email"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


class AccountEventInline(admin.TabularInline):
    model = AccountEvent
    fields = ["happened_at", "kind", "fields"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("public history")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Account)
class AccountAdmin(HttpsByDefault, admin.ModelAdmin):
    list_display = ["name", "handle", "channel", "department", "status", "verified_on"]
    list_filter = ["status", "channel", "department", "language"]
    list_select_related = ["channel", "department", "department__parent"]
    search_fields = ["name", "handle", "url", "purpose", "department__name"]
    autocomplete_fields = ["department", "other_departments"]
    date_hierarchy = "verified_on"
    inlines = [AccountEventInline]
    actions = ["mark_verified_today", "close_accounts"]
    fieldsets = [
        (None, {"fields": ["channel", "url", "handle", "platform_id", "name"]}),
        (_("Owner and contact"), {"fields": ["department", "other_departments", "contact_email"]}),
        (_("Purpose"), {"fields": [
            "purpose", "goals", "audiences", "content_type", "language", "tags",
        ]}),
        (_("Status"), {"fields": ["status", "started_on", "closed_on", "verified_on"]}),
    ]  # fmt: skip

    def has_delete_permission(self, request, obj=None):
        # A public account is closed, never deleted: the registry must keep telling the truth
        # about it ("no longer official") to anyone who checks the address later.
        if obj is not None and (obj.was_public or obj.status != Status.PROPOSED):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Mark as verified today"))
    def mark_verified_today(self, request, queryset):
        today = timezone.localdate()
        # Saved one by one: save() is the one place that keeps history and the index right.
        for account in queryset:
            account.verified_on = today
            account.save()
        self.message_user(
            request,
            ngettext("%d account verified.", "%d accounts verified.", len(queryset))
            % len(queryset),
            messages.SUCCESS,
        )

    @admin.action(description=_("Close the selected accounts"))
    def close_accounts(self, request, queryset):
        closed = 0
        for account in queryset.exclude(status=Status.CLOSED):
            account.status = Status.CLOSED
            account.save()
            closed += 1
        self.message_user(
            request, ngettext("%d account closed.", "%d accounts closed.", closed) % closed
        )


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
