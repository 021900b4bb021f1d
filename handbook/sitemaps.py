from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from taggit.models import Tag

from .models import Page, Section


class SectionSitemap(Sitemap):
    def items(self):
        return Section.objects.with_published_pages().order_by("order", "pk")


class SectionPrintSitemap(SectionSitemap):
    priority = 0.2

    def location(self, section):
        return reverse("handbook:section_print", args=[section.slug])


class PageSitemap(Sitemap):
    def items(self):
        return Page.objects.published().select_related("section")

    def lastmod(self, page):
        return page.updated_at


class TagSitemap(Sitemap):
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
