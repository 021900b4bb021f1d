"""Issue 21, point 3 (WCAG 3.2.6 Consistent Help): help and contact are in the same place, in the
same order, on every public page and on every admin page."""

import lxml.html
from django.contrib.auth.models import User
from django.test import TestCase

from tests.site import test_security_headers as headers  # its page lists, not its tests


def help_links(response, footer):
    links = lxml.html.fromstring(response.content).xpath(f"{footer}//a")
    return [(link.text_content().strip(), link.get("href").split("?")[0]) for link in links]


class ConsistentHelpTests(TestCase):
    setUpTestData = classmethod(headers.SecurityHeaderTests.setUpTestData.__func__)

    def test_every_public_page_has_the_same_help_in_its_footer(self):
        seen = {}
        for url in headers.SecurityHeaderTests.public_urls(self):
            response = self.client.get(url)
            if response.get("Content-Type", "").startswith("text/html"):
                seen[url] = help_links(response, "//footer[contains(@class, 'site-footer')]")
        first = next(iter(seen.values()))
        self.assertIn(("Kontakta en kommunikatör", "/kontakt/"), first)
        self.assertIn(("Synpunkter på sidan", "/synpunkter/"), first)
        self.assertTrue(any(href.startswith("mailto:") for _text, href in first))
        for url, links in seen.items():
            self.assertEqual(links, first, url)
        self.assertGreater(len(seen), 15)

    def test_every_admin_page_has_the_same_help_in_its_footer(self):
        urls = ["/admin/login/"]
        seen = {"/admin/login/": help_links(self.client.get("/admin/login/"), "//*[@id='footer']")}
        self.client.force_login(User.objects.get(username="admin"))
        for url in headers.SecurityHeaderTests.admin_urls(self):
            urls.append(url)
            seen[url] = help_links(self.client.get(url), "//*[@id='footer']")
        first = seen["/admin/login/"]
        self.assertEqual([href for _text, href in first][:2], ["/handbok/", "/kontakt/"])
        self.assertEqual(first[-1][1], "/synpunkter/")
        for url in urls:
            self.assertEqual(seen[url], first, url)
