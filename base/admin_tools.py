from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _


class HttpsByDefault:
    """Admin mixin: addresses typed without a scheme get https://, as Django 6 will do anyway."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.action(description=_("Mark as handled"))
def mark_handled(modeladmin, request, queryset):
    """For messages from the public (reports, feedback), whose models have State.HANDLED."""
    handled = queryset.model.State.HANDLED
    for message in queryset.exclude(state=handled):
        message.state = handled
        message.save(update_fields=["state"])
