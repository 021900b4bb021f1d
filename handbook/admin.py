from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from base.admin_tools import (
    Drafts,
    DueForReviewFilter,
    HttpsByDefault,
    LabelledListEditable,
    NoLostEdits,
    ValidAutocomplete,
    mark_reviewed,
)
from base.uploads import CheckedImageFormField

from .forms import PageAdminForm
from .models import Image, Page, PageVote, Resource, Section, Tip


@admin.register(Section)
class SectionAdmin(LabelledListEditable, NoLostEdits, SimpleHistoryAdmin):
    list_display = ["title", "order", "page_count"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(page_count=Count("pages"))

    @admin.display(description=_("pages"), ordering="page_count")
    def page_count(self, section):
        return section.page_count


@admin.register(Page)
class PageAdmin(Drafts, NoLostEdits, SimpleHistoryAdmin):
    form = PageAdminForm
    list_display = ["title", "section", "is_published", "owner", "review_due", "updated_at",
                    "helpful"]  # fmt: skip
    list_filter = ["is_published", DueForReviewFilter, "section", "tags"]
    list_select_related = ["section"]
    search_fields = ["title", "summary", "body", "owner"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related"]
    readonly_fields = ["review_due", "updated_at", "image_picker"]
    actions = ["publish", "unpublish", mark_reviewed]
    PICKER_SIZE = 40

    PREVIEW_FIELDS = ("body",)
    PREVIEW_FIGURES = True

    class Media:
        js = ["js/copy-code.js", "js/live-preview.js"]

    fieldsets = [
        (None, {"fields": ["section", "title", "slug", "summary", "body", "image_picker", "tags",
                           "language", "is_published"]}),
        (_("Ownership and review"), {"fields": [
            "owner", "owner_email", "last_reviewed", "review_interval_months", "review_due",
        ]}),
        (_("Placement"), {"fields": ["order", "related", "updated_at"]}),
        (_("Scheduled publishing"), {"fields": ["publish_at"]}),
    ]  # fmt: skip

    @admin.display(description=_("images to place"))
    def image_picker(self, obj):
        """The latest images with the code that places each one: copy a code into the body on a
        line of its own. No JavaScript needed; static/js/copy-code.js adds a copy button."""
        images = list(Image.objects.order_by("-uploaded_at")[: self.PICKER_SIZE])
        context = {"images": images, "more": Image.objects.count() > len(images)}
        return render_to_string("admin/handbook/page/image_picker.html", context)

    def get_queryset(self, request):
        # "Var sidan till hjälp?" per page, counted in the list's own query.
        return (
            super()
            .get_queryset(request)
            .annotate(
                yes=Count("votes", filter=Q(votes__helpful=True)),
                no=Count("votes", filter=Q(votes__helpful=False)),
            )
        )

    @admin.display(description=_("helpful (yes/no)"))
    def helpful(self, obj):
        if not (obj.yes or obj.no):
            return "–"
        url = reverse("admin:handbook_pagevote_changelist") + f"?page__id__exact={obj.pk}"
        return format_html('<a href="{}">{} / {}</a>', url, obj.yes, obj.no)

    @admin.action(description=_("Publish selected pages"))
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=_("Unpublish selected pages"))
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, value):
        # One save per page, not queryset.update(): saving keeps the search index in step.
        pages = list(queryset.exclude(is_published=value))
        for page in pages:
            if value:
                page.publish(user=request.user)  # with its draft, if one waits
            else:
                page.is_published = False
                page.save()
        self.message_user(
            request,
            ngettext("%(count)d page changed.", "%(count)d pages changed.", len(pages))
            % {"count": len(pages)},
            messages.SUCCESS,
        )


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    formfield_overrides = {models.ImageField: {"form_class": CheckedImageFormField}}
    list_display = ["thumbnail", "title", "alt_text", "decorative", "reference", "uploaded_at"]
    list_display_links = ["thumbnail", "title"]
    search_fields = ["title", "alt_text", "caption", "credit"]
    readonly_fields = ["reference", "thumbnail", "width", "height", "used_on"]
    fields = [
        "title",
        "file",
        "alt_text",
        "decorative",
        "caption",
        "credit",
        "thumbnail",
        "width",
        "height",
        "reference",
        "used_on",
    ]

    @admin.display(description=_("preview"))
    def thumbnail(self, image):
        if not image.pk:
            return "–"
        attributes = image.img_attributes()
        return format_html('<img src="{}" alt="" width="120">', attributes["src"])

    @admin.display(description=_("place in a body with"))
    def reference(self, image):
        return image.reference if image.pk else _("Available after saving")

    @admin.display(description=_("used on"))
    def used_on(self, image):
        pages = list(image.pages_using()) if image.pk else []
        if not pages:
            return _("No page shows this image.")
        return format_html_join(", ", '<a href="{}">{}</a>', (
            (reverse("admin:handbook_page_change", args=[page.pk]), page.title) for page in pages
        ))  # fmt: skip

    def get_deleted_objects(self, objs, request):
        # An image a page shows would vanish from it: name the pages and refuse, as Django does
        # for protected objects.
        deleted, counts, permissions, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            for page in image.pages_using():
                url = reverse("admin:handbook_page_change", args=[page.pk])
                where = _("Shown on the page")
                protected.append(format_html('{}: <a href="{}">{}</a>', where, url, page.title))
        return deleted, counts, permissions, protected


@admin.register(Tip)
class TipAdmin(LabelledListEditable, admin.ModelAdmin):
    list_display = ["title", "order", "is_published", "page"]
    list_editable = ["order", "is_published"]
    autocomplete_fields = ["page"]


@admin.register(Resource)
class ResourceAdmin(ValidAutocomplete, LabelledListEditable, HttpsByDefault, admin.ModelAdmin):
    """Outside sources listed on a page (the inspiration page): kept alive by the link check,
    which fills in "Senast kontrollerad"."""

    list_display = ["title", "publisher", "page", "order", "last_checked"]
    list_editable = ["order"]
    # The pages that have sources, not every page of the handbook (5 000 at national size).
    list_filter = [("page", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["page"]
    search_fields = ["title", "publisher", "why", "url"]
    autocomplete_fields = ["page"]
    readonly_fields = ["last_checked"]


@admin.register(PageVote)
class PageVoteAdmin(admin.ModelAdmin):
    """The answers as readers gave them: read, filtered, never written here."""

    list_display = ["page", "helpful", "comment", "created_on"]
    list_filter = ["helpful", "created_on", "page__section",
                   ("page", admin.RelatedOnlyFieldListFilter)]  # pages with answers  # fmt: skip
    list_select_related = ["page", "page__section"]
    search_fields = ["comment", "page__title"]
    date_hierarchy = "created_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
