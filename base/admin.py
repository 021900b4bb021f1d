"""The tags' admin in Swedish, with a merge that keeps the search index right; the sign-in
protection's admins (at the end).

django-taggit's own TagAdmin merges through a page of hard-coded English and leaves the merged
tags behind; ours asks on an admin page in the site's language and moves each object's tags
through its tag manager (so the index hears of it), then deletes the merged tags."""

from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin
from taggit.admin import TagAdmin
from taggit.models import Tag, TaggedItem

from . import identity
from .admin_tools import NoLostEdits
from .models import SiteSettings
from .uploads import CheckedImageFormField


class MergeForm(forms.Form):
    target = forms.CharField(
        label=_("Merge into the tag"),
        max_length=100,
        help_text=_("An existing tag, or a new one. The selected tags disappear."),
    )


def merge_tags(tags, name):
    """Give every object tagged with one of `tags` the tag `name` instead; delete the others."""
    with transaction.atomic():
        target, _created = Tag.objects.get_or_create(name=name.strip())
        merged = [tag for tag in tags if tag.pk != target.pk]
        for item in TaggedItem.objects.filter(tag__in=merged).select_related("content_type"):
            obj = item.content_object
            if obj is not None:
                obj.tags.add(target)
                obj.tags.remove(*merged)
        for tag in merged:
            tag.delete()
    return target, len(merged)


admin.site.unregister(Tag)


@admin.register(Tag)
class SwedishTagAdmin(TagAdmin):
    actions = ["merge"]

    def get_urls(self):
        # Without taggit's English merge page: the action below asks on an admin page.
        return [url for url in super().get_urls() if url.name != "taggit_tag_merge_tags"]

    @admin.action(description=_("Merge the selected tags"))
    def merge(self, request, queryset):
        form = MergeForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            target, count = merge_tags(list(queryset), form.cleaned_data["target"])
            self.message_user(request, ngettext(
                "%(count)d tag merged into “%(target)s”.",
                "%(count)d tags merged into “%(target)s”.", count,
            ) % {"count": count, "target": target}, messages.SUCCESS)  # fmt: skip
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge tags"),
            "opts": self.model._meta,
            "tags": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/taggit/tag/merge.html", context)


# Sign-in protection. The libraries' own admins show secrets (the TOTP key and its QR code) and
# request data we do not keep; these show only what an administrator acts on: removing a lost
# phone's app, and unlocking a user name or address before the lockout runs out.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAppAdmin(admin.ModelAdmin):
    list_display = ["owner", "app_name", "in_use", "added", "last_used"]
    fields = list_display
    readonly_fields = list_display
    search_fields = ["user__username", "user__email"]

    def has_add_permission(self, request):
        return False  # each user sets up their own app at sign-in

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("user"), ordering="user__username")
    def owner(self, device):
        return device.user

    @admin.display(description=_("name"))
    def app_name(self, device):
        return device.name

    @admin.display(description=_("set up"), boolean=True)
    def in_use(self, device):
        return device.confirmed

    @admin.display(description=_("added"), ordering="created_at")
    def added(self, device):
        return date_format(localtime(device.created_at), "Y-m-d H:i") if device.created_at else ""

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, device):
        return (
            date_format(localtime(device.last_used_at), "Y-m-d H:i") if device.last_used_at else ""
        )


@admin.register(AccessAttempt)
class FailedSignInAdmin(admin.ModelAdmin):
    list_display = ["user_name", "address", "failures", "latest"]
    fields = list_display
    readonly_fields = list_display
    search_fields = ["username", "ip_address"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("user name"), ordering="username")
    def user_name(self, attempt):
        return attempt.username

    @admin.display(description=_("address"), ordering="ip_address")
    def address(self, attempt):
        return attempt.ip_address

    @admin.display(description=_("failed sign-ins"), ordering="failures_since_start")
    def failures(self, attempt):
        return attempt.failures_since_start

    @admin.display(description=_("latest"), ordering="attempt_time")
    def latest(self, attempt):
        return _minute(attempt.attempt_time)


def _minute(moment):
    return date_format(localtime(moment), "Y-m-d H:i") if moment else ""


@admin.register(SiteSettings)
class SiteSettingsAdmin(NoLostEdits, SimpleHistoryAdmin):
    """Webbplatsens inställningar: one record, so the list goes straight to it (or to the
    form for the first one, filled in with the environment's values)."""

    formfield_overrides = {models.ImageField: {"form_class": CheckedImageFormField}}
    fieldsets = [
        (_("Organisation"), {"fields": ["org_name", "org_short_name", "org_number",
                                        "contact_email"]}),
        (_("Logo and favicon"), {"fields": ["logo", "logo_alt", "favicon"]}),
        (_("Colours"), {"fields": ["primary_colour", "accent_colour"],
                        "description": _("Checked against WCAG AA contrast (4.5:1) before "
                                         "they are saved.")}),
    ]  # fmt: skip

    def get_changeform_initial_data(self, request):
        current = identity.defaults()
        return {"org_name": current.name, "org_number": current.org_number,
                "contact_email": current.contact_email, "primary_colour": current.primary_colour,
                "accent_colour": current.accent_colour}  # fmt: skip

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        from django.http import HttpResponseRedirect
        from django.urls import reverse

        if SiteSettings.objects.filter(pk=1).exists():
            return HttpResponseRedirect(reverse("admin:base_sitesettings_change", args=[1]))
        return HttpResponseRedirect(reverse("admin:base_sitesettings_add"))
