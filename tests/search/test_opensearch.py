"""Issue 20, point 3 (first part): browsers can add the portal's search, from an OpenSearch
description that every page links to."""

from urllib.parse import urlsplit

from django.conf import settings
from django.test import TestCase
from lxml import etree

from tests.factories import make_page

NS = {"os": "http://a9.com/-/spec/opensearch/1.1/"}


class OpenSearchTests(TestCase):
    def test_the_description_names_the_search_and_its_address(self):
        response = self.client.get("/sok/opensearch.xml")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(
            response["Content-Type"].startswith("application/opensearchdescription+xml")
        )
        root = etree.fromstring(response.content)
        self.assertEqual(root.tag, "{http://a9.com/-/spec/opensearch/1.1/}OpenSearchDescription")
        short_name = root.findtext("os:ShortName", namespaces=NS)
        self.assertTrue(0 < len(short_name) <= 16, short_name)
        self.assertTrue(root.findtext("os:Description", namespaces=NS))
        template = root.find("os:Url[@type='text/html']", NS).get("template")
        self.assertTrue(template.startswith(settings.PORTAL_SITE_URL + "/sok/?q="), template)
        self.assertIn("{searchTerms}", template)
        # The template, filled in, is a working search.
        address = urlsplit(template.replace("{searchTerms}", "konto"))
        self.assertEqual(self.client.get(f"{address.path}?{address.query}").status_code, 200)

    def test_every_page_links_to_it(self):
        page = make_page()
        for url in ("/", "/handbok/", page.get_absolute_url(), "/konton/", "/sok/?q=x",
                    "/finns-inte/"):  # fmt: skip
            response = self.client.get(url)
            self.assertContains(
                response,
                '<link rel="search" type="application/opensearchdescription+xml" '
                'href="/sok/opensearch.xml"',
                status_code=response.status_code,
            )
