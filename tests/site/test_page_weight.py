"""A handbook page is light: at most 60 kB compressed with everything it loads except images,
nothing from another site, and images that wait until they are scrolled to, with their size
known before they arrive (no layout shift)."""

import gzip
import re

from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase

from handbook.models import Image, Page
from tests.factories import make_page
from tests.handbook.test_images import png_bytes

LIMIT = 60_000


def compressed(data):
    return len(gzip.compress(data, compresslevel=6))


class PageWeightTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", verbosity=0)
        # The longest page of the demo: the heaviest a reader meets.
        cls.page = max(Page.objects.published(), key=lambda page: len(page.body_html))

    def resources(self, html):
        """(address, kind) of everything the page makes the browser fetch at once."""
        found = [(href, "style") for href in re.findall(
            r'<link rel="stylesheet" href="([^"]+)"', html)]  # fmt: skip
        found += [(src, "script") for src in re.findall(r'<script[^>]* src="([^"]+)"', html)]
        found += [(href, "icon") for href in re.findall(r'<link rel="icon" href="([^"]+)"', html)]
        return found

    def body_of(self, address):
        path = address.split("?")[0]
        if path.startswith("/static/"):
            with open(finders.find(path.removeprefix("/static/")), "rb") as handle:
                return handle.read()
        response = self.client.get(address)
        self.assertEqual(response.status_code, 200, address)
        return response.content

    def test_a_handbook_page_and_all_it_loads_stay_under_60_kB_compressed(self):
        response = self.client.get(self.page.get_absolute_url())
        html = response.content.decode()
        total = compressed(response.content)
        resources = self.resources(html)
        self.assertTrue(any(kind == "style" for _address, kind in resources))
        for address, kind in resources:
            if kind == "icon":
                continue  # an image, and fetched after the page
            body = self.body_of(address)
            self.assertNotIn(b"@font-face", body, "no web fonts: the system's fonts are used")
            self.assertNotIn(b"@import", body)
            total += compressed(body)
        self.assertLessEqual(total, LIMIT, f"{total} bytes compressed")

    def test_nothing_comes_from_another_site_and_scripts_never_block_rendering(self):
        for page in Page.objects.published():
            html = self.client.get(page.get_absolute_url()).content.decode()
            head = html.split("</head>")[0]
            for address, _kind in self.resources(html):
                self.assertTrue(address.startswith("/") and not address.startswith("//"), address)
            for script in re.findall(r"<script[^>]*>", head):
                self.assertRegex(script, r" (defer|async)[ >]", "a script in <head> must wait")

    def test_images_in_pages_are_lazy_and_have_their_size(self):
        image = Image(title="Bild", alt_text="Två personer vid en dator")
        image.file = SimpleUploadedFile("bild.png", png_bytes())
        image.save()
        make_page(body=f"Text före.\n\n[bild:{image.pk}]\n\nText efter.")
        shown = 0
        for page in Page.objects.published():
            html = self.client.get(page.get_absolute_url()).content.decode()
            main = html.split('<main id="main"')[1].split("</main>")[0]
            for tag in re.findall(r"<img [^>]*>", main):
                shown += 1
                self.assertIn('loading="lazy"', tag)
                self.assertRegex(tag, r' width="[1-9]\d*"')
                self.assertRegex(tag, r' height="[1-9]\d*"')
        self.assertGreater(shown, 0, "the demo shows at least one image in a page")
