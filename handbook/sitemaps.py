from django.urls import reverse
from taggit.models import Tag

from base.sitemaps import DatedSitemap, PortalSitemap

from .models import Page, Section


class SectionSitemap(PortalSitemap):
    def items(self):
        return Section.objects.with_published_pages().order_by("order", "pk")


class SectionPrintSitemap(SectionSitemap):
    priority = 0.2

    def location(self, section):
        return reverse("handbook:section_print", args=[section.slug])


class PageSitemap(DatedSitemap):
    def items(self):
        # Only what the part writes (the address and the date): not the pages' bodies.
        return (
            Page.objects.published()
            .select_related("section")
            .only("slug", "updated_at", "section__slug")
        )


class TagSitemap(PortalSitemap):
    priority = 0.3

    def items(self):
        return (
            Tag.objects.filter(
                taggit_taggeditem_items__content_type__model="page",
                taggit_taggeditem_items__object_id__in=Page.objects.published().values("pk"),
            )
            .distinct()
            .order_by("name")
        )

    def location(self, tag):
        return reverse("handbook:tag", args=[tag.slug])
