from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandbookConfig(AppConfig):
    name = "handbook"
    verbose_name = _("Handbook")

    # Demo content for base's load_demo command: loaded into these models only while all are empty.
    demo_label = "handbook pages"
    demo_folder = "handbok"
    demo_models = ("Section", "Page", "Tip")

    def load_demo(self, folder):
        from .demo import load_handbook

        return load_handbook(folder)

    def owner_email(self, path):
        """The owner's address of the handbook page at `path`, for feedback about it."""
        from django.urls import Resolver404

        from base.addresses import resolve_any

        from .models import Page

        try:
            match = resolve_any(path.split("?")[0].split("#")[0])
        except Resolver404:
            return None
        if match.namespace != "handbook" or match.url_name != "page":
            return None
        page = Page.objects.filter(section__slug=match.kwargs["section"],
                                   slug=match.kwargs["slug"]).first()  # fmt: skip
        return page.owner_email if page else None

    def overdue_reviews(self):
        """(owner's e-mail, line) per published page past its review date."""
        from django.conf import settings
        from django.urls import reverse
        from django.utils.translation import gettext as _

        from .models import Page

        for page in Page.objects.published().due_for_review().select_related("section"):
            link = settings.PORTAL_SITE_URL + reverse("admin:handbook_page_change", args=[page.pk])
            yield page.owner_email, _("Handbook page %(title)s, due %(due)s: %(link)s") % {
                "title": page.title, "due": page.review_due, "link": link}  # fmt: skip

    def linked_texts(self):
        """(label, admin path, HTML) per page and card, for the link check (base/links.py)."""
        from django.urls import reverse
        from django.utils.html import format_html
        from django.utils.translation import gettext as _

        from .models import Page, Resource, Tip

        for page in Page.objects.only("pk", "title", "body_html").order_by("pk"):
            label = _("Handbook page: %(title)s") % {"title": page.title}
            yield label, reverse("admin:handbook_page_change", args=[page.pk]), page.body_html
        for tip in Tip.objects.only("pk", "title", "body_html").order_by("pk"):
            label = _("Card: %(title)s") % {"title": tip.title}
            yield label, reverse("admin:handbook_tip_change", args=[tip.pk]), tip.body_html
        for resource in Resource.objects.only("pk", "title", "url").order_by("pk"):
            label = _("Resource: %(title)s") % {"title": resource.title}
            html = format_html('<a href="{}">{}</a>', resource.url, resource.title)
            yield label, reverse("admin:handbook_resource_change", args=[resource.pk]), html

    def suggestion_candidates(self):
        """(title, address, kind) of every published page and section, for search suggestions
        while typing (search/suggestions.py). One query each."""
        from django.urls import reverse
        from django.utils.translation import gettext as _

        from .models import Page, Section

        for title, slug in Section.objects.with_published_pages().values_list("title", "slug"):
            yield title, reverse("handbook:section", args=[slug]), _("Handbook section")
        pages = Page.objects.published().values_list("title", "slug", "section__slug")
        for title, slug, section in pages:
            yield title, reverse("handbook:page", args=[section, slug]), _("Handbook")

    def links_working(self, hrefs):
        """The link check found these addresses answering: the resources' "last checked"."""
        from django.utils import timezone

        from base import pagecache

        from .models import Resource

        Resource.objects.filter(url__in=hrefs).update(last_checked=timezone.localdate())
        pagecache.changed()  # update() sends no signal
