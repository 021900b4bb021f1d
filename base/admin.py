"""The tags' admin in Swedish, with a merge that keeps the search index right.

django-taggit's own TagAdmin merges through a page of hard-coded English and leaves the merged
tags behind; ours asks on an admin page in the site's language and moves each object's tags
through its tag manager (so the index hears of it), then deletes the merged tags."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.admin import TagAdmin
from taggit.models import Tag, TaggedItem


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
