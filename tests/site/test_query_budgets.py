"""Every public view's SQL queries, pinned, and the same whatever the number of items.

Measured with the page cache off (a kept page costs none) and the shared lists it builds once per
generation already built (pagecache.memo), as on a warm server: the count is what one reader's
request costs. Then the handbook and the registry grow, and no count may move.
"""

import datetime

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from handbook.models import Page
from registry.models import Account
from tests.browser.test_accessibility import page_types
from tests.factories import make_account, make_department, make_page

OTHER_OUTPUTS = [
    ("handbook feed", "/handbok/andringar.atom"),
    ("registry feed", "/konton/andringar.atom"),
    ("sitemap index", "/sitemap.xml"),
    ("sitemap pages", "/sitemap-pages.xml"),
    ("sitemap accounts", "/sitemap-accounts.xml"),
    ("export csv", "/konton/export.csv"),
    ("export json", "/konton/export.json"),
    ("export xlsx", "/konton/export.xlsx"),
    ("api list", "/api/v1/accounts/"),
    ("api check", "/api/v1/verify?url=https://www.instagram.com/exempelstaden/"),
    ("openapi", "/api/v1/openapi.json"),
    ("suggestions", "/sok/forslag/?q=kont"),
    ("theme", "/tema.css"),
    ("english page", "/en/handbok/"),
]


def count(client, path):
    client.get(path)  # the shared lists of this generation, built once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code < 500, (path, response.status_code)
    return len(queries)


@override_settings(PORTAL_PAGE_CACHE_SECONDS=0)
class QueryBudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", verbosity=0)

    def grow(self):
        page = Page.objects.published().filter(tags__isnull=False).first()
        tag = page.tags.first()
        for n in range(15):
            make_page(section=page.section, slug=f"vuxen-{n}", tags=[tag.name],
                      title=f"Ytterligare sida {n}")  # fmt: skip
        channels = list({account.channel for account in Account.objects.select_related("channel")})
        for n in range(40):
            account = make_account(
                channel=channels[n % len(channels)], department=make_department(),
                url=self.address(channels[n % len(channels)], n),
                tags=["kultur", f"vuxen{n}"], verified_on=datetime.date(2026, 5, 1),
            )  # fmt: skip
            account.other_departments.set([make_department()])

    @staticmethod
    def address(channel, n):
        examples = {
            "facebook": "https://www.facebook.com/vuxetkonto{n}", "instagram":
            "https://www.instagram.com/vuxet_konto{n}/", "linkedin":
            "https://www.linkedin.com/company/vuxet-konto{n}/", "x": "https://x.com/vuxet{n}",
            "youtube": "https://www.youtube.com/@vuxet{n}", "tiktok":
            "https://www.tiktok.com/@vuxet{n}", "snapchat": "https://www.snapchat.com/add/vuxet{n}",
        }  # fmt: skip
        return examples[channel.slug].format(n=n)

    def test_every_public_view_costs_the_same_whatever_the_number_of_items(self):
        paths = [*page_types(), *OTHER_OUTPUTS]
        before = {name: count(self.client, path) for name, path in paths}
        self.grow()
        after = {name: count(self.client, path) for name, path in paths}
        self.assertEqual(before, after)
        expected = dict(BUDGETS)
        if "postgres" in settings.HAYSTACK_CONNECTIONS["default"]["ENGINE"]:
            expected |= POSTGRES_SEARCH  # its index is tables: the search is queries too
            expected |= POSTGRES_REGISTRY
        self.assertEqual(before, expected)


# Queries per request on a warm server (see the module's docstring). A change here is a
# change in what a page costs: say why in the commit.
BUDGETS = {
    "home": 1,
    "handbook start": 3,
    "section": 2,
    "page": 6,
    "page with sources to follow": 6,
    "page, answer thanked": 6,
    "page, answer missing": 6,
    "print view": 2,
    "tag page": 2,
    "channel list": 1,
    "channel page": 3,
    "comparison": 1,
    # The page alone: a selection by status and channel is counted once per generation, with
    # the filters' lists (registry/filters.py, counted_in_lists).
    "registry list": 1,
    "registry filtered": 1,
    "registry filtered, old names": 1,
    # A glance at the free-text index says how common the word is (registry/textsearch.py).
    "registry empty": 2,
    "registry bad filter": 1,  # the unknown channel is left out: the whole list
    # In pages since the national size (issue 19); counted as the list is.
    "accounts side by side": 1,
    "accounts side by side per department": 1,
    "account page": 5,
    "closed account page": 5,
    "verify form": 1,
    "verify answer": 3,
    "verify unknown": 2,
    "verify no account in the address": 2,
    "verify not ours": 3,
    "verify error": 1,
    "open data": 0,
    "report form": 1,
    # A search's only query counts it in the statistics: pins and synonyms are read once per
    # generation (pagecache.memo), and a narrowed search is not counted.
    "search results": 1,
    "search narrowed by type and tag": 0,
    "search corrected": 1,
    "search with a suggestion": 1,
    "search scoped to the handbook": 0,
    "search without results": 1,
    "search start": 0,
    "feedback form": 0,
    "accessibility statement": 0,
    "contact a communicator": 1,
    "not found": 0,
    "handbook feed": 1,
    "registry feed": 1,
    "sitemap index": 9,
    "sitemap pages": 2,
    "sitemap accounts": 2,
    # The registry's version (ETag, Last-Modified) is read once per generation (pagecache.memo).
    "export csv": 4,
    "export json": 4,
    "export xlsx": 4,
    "api list": 4,
    "api check": 6,
    "openapi": 0,
    "suggestions": 0,
    "theme": 0,
    "english page": 3,
}
# The PostgreSQL engine's searches are SQL themselves (search/backends/postgres): the query, the
# facet counts, the respelling and the corrected search's own.
# PostgreSQL's planner judges a free-text word itself, from its trigram index.
POSTGRES_REGISTRY = {"registry empty": 1}
POSTGRES_SEARCH = {
    "search results": 8,
    "search narrowed by type and tag": 7,
    "search corrected": 19,
    "search with a suggestion": 17,
    "search scoped to the handbook": 7,
    "search without results": 9,
}
