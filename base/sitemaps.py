import datetime

from django.contrib.sitemaps import Sitemap, views
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import escape


class PortalSitemap(Sitemap):
    """A part of the sitemap index (/sitemap.xml): at most `limit` addresses per file, then
    ?p=2 and on. Well under the protocol's 50 000, so that a part stays small to fetch, and
    under the page cache's largest page (pagecache.LARGEST): parts of 10 000 accounts were
    1.1 MB at national size, never kept, and every crawler's visit rendered each anew (234 ms
    a part, 98 ms for 5 000)."""

    limit = 5_000


class DatedSitemap(PortalSitemap):
    """A part whose addresses have a last-modified time in `lastmod_field`; the index's date is
    one query, not a walk over every row (Django's default): the newest first, through an index
    on the field (the accounts' and pages' Meta.indexes), which stops at the first one the
    part lists. As an aggregate it read every row the part lists, the accounts one by one
    through the status's index: 90 ms at national size, of the index's 126."""

    lastmod_field = "updated_at"

    def lastmod(self, item):
        return getattr(item, self.lastmod_field)

    def get_latest_lastmod(self):
        newest = self.items().order_by(f"-{self.lastmod_field}")
        return newest.values_list(self.lastmod_field, flat=True).first()


def part(request, section, sitemaps):
    """One part of the sitemap: Django's view (django.contrib.sitemaps.views.sitemap) for the
    addresses, the part's page, its 404s and headers, with the XML written here rather than by
    its template: at national size the template's loop was 57 % of a part's 587 ms."""
    response = views.sitemap(request, sitemaps, section)  # a TemplateResponse, not yet rendered
    content = urlset(response.context_data["urlset"])
    return HttpResponse(content, headers=dict(response.items()), status=response.status_code)


def urlset(urls):
    """What Django's sitemap.xml template writes for these addresses, byte for byte."""
    written = []
    for url in urls:
        parts = ["<url><loc>", escape(url["location"]), "</loc>"]
        if url["lastmod"]:
            parts += ["<lastmod>", _day(url["lastmod"]), "</lastmod>"]
        if url["changefreq"]:
            parts += ["<changefreq>", escape(url["changefreq"]), "</changefreq>"]
        if url["priority"]:
            parts += ["<priority>", escape(url["priority"]), "</priority>"]
        for alternate in url["alternates"]:
            parts += ['<xhtml:link rel="alternate" hreflang="', escape(alternate["lang_code"]),
                      '" href="', escape(alternate["location"]), '"/>']  # fmt: skip
        parts.append("</url>")
        written.append("".join(parts))
    return "".join([URLSET_START, *written, URLSET_END])


URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
    'sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
URLSET_END = "\n</urlset>\n"


def _day(moment):
    """The template's |date:"Y-m-d": a time in the current time zone, a date as it is."""
    if isinstance(moment, datetime.datetime):
        moment = (timezone.localtime(moment) if timezone.is_aware(moment) else moment).date()
    return moment.isoformat()  # four-digit years, as the template's "Y"
