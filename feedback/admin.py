from django.contrib import admin
from django.utils.html import format_html

from base.admin_tools import mark_handled

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at", "topic", "page_link", "state"]
    list_filter = ["state", "topic"]
    search_fields = ["message", "page"]
    date_hierarchy = "created_at"
    readonly_fields = ["topic", "page_link", "message", "reply_to", "created_at"]
    fields = [*readonly_fields, "state", "note"]
    actions = [mark_handled]

    def has_add_permission(self, request):
        return False  # feedback comes from the public form

    @admin.display(description=Feedback._meta.get_field("page").verbose_name, ordering="page")
    def page_link(self, feedback):
        if feedback.page_path:
            return format_html('<a href="{}">{}</a>', feedback.page_path, feedback.page)
        return feedback.page
