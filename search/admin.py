from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .models import PinnedResult, Promotion, QueryStat, Synonym
from .results import pinnable_documents

REPORT_PERIODS = (7, 30, 365)
REPORT_ROWS = 50


class PinnedResultInline(admin.TabularInline):
    model = PinnedResult
    fields = ["position", "document_id"]
    extra = 1

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A choice among what the content apps offer for pinning, grouped by kind: read once
        # per request for every row (the form class is made anew for each request).
        formset.form.base_fields["document_id"] = forms.ChoiceField(
            label=_("Result"), choices=[("", "---------"), *pinnable_documents()]
        )
        return formset


@admin.register(Promotion)
class PromotionAdmin(admin.ModelAdmin):
    list_display = ["query", "is_active", "note", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["query", "note"]
    inlines = [PinnedResultInline]


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["words", "alternatives_shown", "two_way", "updated_at"]
    list_filter = ["two_way"]
    search_fields = ["words", "alternatives"]
    fields = ["words", "alternatives", "two_way"]

    @admin.display(description=_("also search for"))
    def alternatives_shown(self, obj):
        return "; ".join(obj.alternative_list())


@admin.register(QueryStat)
class QueryStatAdmin(admin.ModelAdmin):
    """A report, not a table to edit: what people search for and what finds nothing."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        try:
            days = int(request.GET.get("dagar", 30))
        except ValueError:
            days = 30
        if days not in REPORT_PERIODS:
            days = 30
        stats = QueryStat.objects.since(days)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Search statistics"),
            "days": days,
            "periods": REPORT_PERIODS,
            "top": stats.top()[:REPORT_ROWS],
            "zero": stats.zero_results()[:REPORT_ROWS],
            "can_add_synonym": request.user.has_perm("search.add_synonym"),
            "can_add_promotion": request.user.has_perm("search.add_promotion"),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/search/querystat/report.html", context)
