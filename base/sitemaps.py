from django.contrib.sitemaps import Sitemap
from django.db.models import Max


class PortalSitemap(Sitemap):
    """A part of the sitemap index (/sitemap.xml): at most `limit` addresses per file, then
    ?p=2 and on. Well under the protocol's 50 000, so that a part stays small to fetch."""

    limit = 10_000


class DatedSitemap(PortalSitemap):
    """A part whose addresses have a last-modified time in `lastmod_field`; the index's date is
    one aggregate, not a walk over every row (Django's default)."""

    lastmod_field = "updated_at"

    def lastmod(self, item):
        return getattr(item, self.lastmod_field)

    def get_latest_lastmod(self):
        return self.items().order_by().aggregate(latest=Max(self.lastmod_field))["latest"]
