"""Issue 20, point 1: the organisation's identity in the admin, checked for contrast, reaching
every page through a stylesheet, without a restart."""

from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from PIL import Image as PILImage

from base import colours, svg
from base.models import SiteSettings, validate_org_number
from registry.access import CENTRAL_COMMUNICATOR
from tests.registry.test_roles import form_data

LOGO_SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 44 44" onload="alert(1)">
  <script>alert(2)</script>
  <style>@import url(https://evil.example/x.css);</style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#123"/></linearGradient></defs>
  <rect width="44" height="44" fill="url(#g)" style="fill:url(https://evil.example/p)"/>
  <circle cx="22" cy="22" r="10" fill="url(https://evil.example/q)"/>
  <a href="javascript:alert(3)"><text x="4" y="30">Region</text></a>
  <use xlink:href="https://evil.example/sprite.svg#x"/>
  <use href="#g"/>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hej</div></foreignObject>
  <image href="https://evil.example/track.png"/>
  <text x="4" y="40" onclick="alert(4)">Exempel <tspan>region</tspan> text</text>
</svg>"""


def png(size=(64, 64), colour=(20, 80, 120)):
    buffer = BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


class ColourTests(TestCase):
    def test_contrast_is_computed_as_wcag_defines_it(self):
        self.assertAlmostEqual(colours.contrast("#000000", "#ffffff"), 21.0)
        self.assertAlmostEqual(colours.contrast("#767676", "#ffffff"), 4.54, places=2)
        self.assertEqual(colours.darker("#1f4e79"), "#163755")

    def test_colours_that_would_fail_aa_are_refused_in_swedish(self):
        colours.validate_primary_colour("#1f4e79")
        colours.validate_accent_colour("#0b5394")
        with self.assertRaisesMessage(ValidationError, "Vit text på den här färgen får "
                                                       "kontrasten 1,5:1"):  # fmt: skip
            colours.validate_primary_colour("#ffcc00")
        with self.assertRaisesMessage(ValidationError, "Länkar i den här färgen"):
            colours.validate_accent_colour("#6699ff")
        with self.assertRaisesMessage(ValidationError, "sex hexadecimala siffror"):
            colours.validate_primary_colour("red; } body { display: none")

    def test_organisation_numbers_have_ten_digits_and_a_check_digit(self):
        validate_org_number("212000-0001")
        validate_org_number("2021005489")
        for bad in ("212000-0002", "12345", "abcdefghij"):
            with self.assertRaises(ValidationError):
                validate_org_number(bad)


class SvgTests(TestCase):
    def test_only_shapes_text_and_internal_references_are_kept(self):
        cleaned = svg.sanitise(LOGO_SVG).decode()
        for gone in ("script", "alert", "onload", "onclick", "style", "evil.example",
                     "javascript", "foreignObject", "<image", "<a "):  # fmt: skip
            self.assertNotIn(gone, cleaned)
        for kept in ('fill="url(#g)"', '<use href="#g"/>', "<tspan>region</tspan> text",
                     'stop-color="#123"', 'viewBox="0 0 44 44"'):  # fmt: skip
            self.assertIn(kept, cleaned)

    def test_documents_that_are_not_plain_svg_are_refused(self):
        entity = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                  b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>')  # fmt: skip
        for data in (
            entity,
            b"<html><body>hej</body></html>",
            b"<svg",
            b"",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
        ):
            with self.subTest(data=data[:30]), self.assertRaises(ValidationError):
                svg.sanitise(data)
        escaped = svg.sanitise(
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect '
            b'fill="u\\72 l(https://evil.example/a)" width="1"/></svg>'
        )
        self.assertNotIn(b"evil", escaped)  # a CSS escape spells url( to the browser
        with self.assertRaisesMessage(ValidationError, "Gränsen är 512 kB"):
            svg.sanitise(b"<svg>" + b" " * 600_000 + b"</svg>")


@override_settings(PORTAL_ORG_NAME="Exempelstaden", PORTAL_CONTACT_EMAIL="info@exempelstaden.se")
class SiteSettingsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("admin", "admin@example.org", "pw")

    def test_without_a_record_the_environment_is_the_default(self):
        response = self.client.get("/")
        self.assertContains(response, '<span class="brand-org">Exempelstaden</span>')
        self.assertContains(response, 'href="/static/img/logo.svg"')  # the favicon
        theme = self.client.get("/tema.css")
        self.assertEqual(theme["Content-Type"], "text/css; charset=utf-8")
        self.assertIn("--brand: #1f4e79;", theme.content.decode())

    def test_an_administrator_changes_the_identity_and_every_page_follows_at_once(self):
        self.client.force_login(self.admin)
        form = self.client.get("/admin/base/sitesettings/", follow=True)
        self.assertContains(form, 'value="Exempelstaden"')  # the environment's values first
        data = {**form_data(form), "org_name": "Region Exempel", "org_short_name": "Regionen",
                "org_number": "232100-0016", "contact_email": "kontakt@region.example",
                "primary_colour": "#5A1F79", "accent_colour": "#6b2a8f", "logo_alt": "",
                "logo": SimpleUploadedFile("logo.svg", LOGO_SVG, "image/svg+xml"),
                "favicon": SimpleUploadedFile("ikon.png", png(), "image/png")}  # fmt: skip
        response = self.client.post("/admin/base/sitesettings/add/", data)
        self.assertEqual(response.status_code, 302, response.content[:0])
        record = SiteSettings.objects.get()
        self.assertEqual(record.primary_colour, "#5a1f79")
        stored = Path(settings.MEDIA_ROOT) / record.logo.name
        self.addCleanup(stored.unlink, missing_ok=True)
        self.addCleanup((Path(settings.MEDIA_ROOT) / record.favicon.name).unlink, missing_ok=True)
        self.assertNotIn("script", stored.read_text())
        self.assertNotIn("logo", Path(record.logo.name).name)  # a random name

        self.client.logout()
        page = self.client.get("/konton/")
        self.assertContains(page, '<span class="brand-org">Region Exempel</span>')
        self.assertContains(page, f'<img src="{record.logo.url}" alt=""')
        self.assertContains(page, f'<link rel="icon" href="{record.favicon.url}">')
        self.assertContains(page, 'href="mailto:kontakt@region.example"')
        version = page.content.decode().split("/tema.css?v=")[1].split('"')[0]
        theme = self.client.get(f"/tema.css?v={version}")
        self.assertIn("--brand: #5a1f79;", theme.content.decode())
        self.assertIn("--link: #6b2a8f;", theme.content.decode())
        self.assertIn("immutable", theme["Cache-Control"])
        self.assertContains(
            self.client.get("/api/v1/openapi.json"), "Region Exempel", status_code=200
        )
        self.assertIn("Regionen", self.client.get("/sok/opensearch.xml").content.decode())

    def test_colours_without_contrast_are_refused_and_nothing_changes(self):
        self.client.force_login(self.admin)
        form = self.client.get("/admin/base/sitesettings/add/")
        data = {**form_data(form), "primary_colour": "#ffcc00", "accent_colour": "#99ccff"}
        response = self.client.post("/admin/base/sitesettings/add/", data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "WCAG AA kräver minst 4,5:1", count=2)
        self.assertFalse(SiteSettings.objects.exists())

    def test_a_hostile_logo_is_refused(self):
        self.client.force_login(self.admin)
        form = self.client.get("/admin/base/sitesettings/add/")
        for name, data in (("logo.png", b"<html><script>alert(1)</script></html>"),
                           ("logo.svg", b'<!DOCTYPE svg><svg xmlns="http://www.w3.org/2000/svg"/>'),
                           ("logo.gif", b"GIF89a/*\x00\x00*/=alert(1)//;")):  # fmt: skip
            with self.subTest(name=name):
                posted = {**form_data(form), "logo": SimpleUploadedFile(name, data)}
                response = self.client.post("/admin/base/sitesettings/add/", posted)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "errorlist")
        self.assertFalse(SiteSettings.objects.exists())

    def test_one_record_only_and_administrators_only(self):
        SiteSettings(org_name="A", contact_email="a@example.org").save()
        SiteSettings(org_name="B", contact_email="b@example.org").save()
        self.assertEqual(SiteSettings.objects.get().org_name, "B")
        self.client.force_login(self.admin)
        self.assertRedirects(self.client.get("/admin/base/sitesettings/"),
                             "/admin/base/sitesettings/1/change/")  # fmt: skip
        self.assertEqual(self.client.get("/admin/base/sitesettings/add/").status_code, 403)
        communicator = User.objects.create_user("k", "k@example.org", "pw", is_staff=True)
        communicator.groups.add(Group.objects.get(name=CENTRAL_COMMUNICATOR))
        self.client.force_login(communicator)
        self.assertEqual(self.client.get("/admin/base/sitesettings/1/change/").status_code, 403)

    def test_pages_read_it_from_the_cache(self):
        SiteSettings(org_name="Region Exempel", contact_email="a@example.org").save()
        self.client.get("/tema.css")  # the first request after a save reads the record
        with self.assertNumQueries(0):
            self.client.get("/tema.css")
