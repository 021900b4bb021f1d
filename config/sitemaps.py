from django.urls import reverse

from base.sitemaps import PortalSitemap
from channels.sitemaps import ChannelSitemap
from handbook.sitemaps import PageSitemap, SectionPrintSitemap, SectionSitemap, TagSitemap
from registry.sitemaps import AccountSitemap


class StaticSitemap(PortalSitemap):
    def items(self):
        return [
            "home", "handbook:index", "channels:index", "channels:compare", "registry:index",
            "registry:overview", "registry:verify", "registry:open_data", "registry:report",
            "search:index", "accessibility", "feedback:form", "contact",
        ]  # fmt: skip

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "static": StaticSitemap,
    "sections": SectionSitemap,
    "section-prints": SectionPrintSitemap,
    "pages": PageSitemap,
    "tags": TagSitemap,
    "channels": ChannelSitemap,
    "accounts": AccountSitemap,
}
