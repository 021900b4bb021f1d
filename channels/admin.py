from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from base.admin_tools import (
    Drafts,
    DueForReviewFilter,
    HttpsByDefault,
    LabelledListEditable,
    NoLostEdits,
    mark_reviewed,
)
from base.uploads import CheckedImageFormField

from .models import Channel


@admin.register(Channel)
class ChannelAdmin(LabelledListEditable, Drafts, NoLostEdits, HttpsByDefault, SimpleHistoryAdmin):
    formfield_overrides = {models.ImageField: {"form_class": CheckedImageFormField}}
    PREVIEW_FIELDS = ("guidance", "legal_notes", "naming_advice")
    list_display = ["name", "order", "is_active", "posts_per_week_min", "posts_per_day_max",
                    "owner", "review_due"]  # fmt: skip
    list_filter = ["is_active", DueForReviewFilter]
    readonly_fields = ["review_due"]
    actions = [mark_reviewed]
    list_editable = ["order", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "description", "guidance"]
    fieldsets = [
        (None, {"fields": [
            "name", "slug", "description", "logo", "logo_alt", "is_active", "order",
        ]}),
        (_("Publishing frequency"), {"fields": [
            "posts_per_week_min", "posts_per_day_max", "frequency_note",
        ]}),
        (_("Advice"), {"fields": ["guidance", "keep_in_mind", "legal_notes", "naming_advice"]}),
        (_("Links"), {"fields": [
            "help_url", "hijack_url", "two_factor_url", "terms_url", "algorithm_news_url",
        ]}),
        (_("Scheduled publishing"), {"fields": ["publish_at"]}),
        (_("Ownership and review"), {"fields": [
            "owner", "owner_email", "last_reviewed", "review_interval_months", "review_due",
        ]}),
        (_("Recognising account addresses"), {"fields": [
            "hosts", "handle_patterns", "share_hosts", "share_patterns",
            "handle_characters", "handle_min_length", "handle_max_length",
        ]}),
    ]  # fmt: skip
