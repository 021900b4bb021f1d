from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image as PILImage

from handbook.models import Image, Page
from tests.factories import make_page, make_section


def png_bytes(width=1200, height=800):
    buffer = BytesIO()
    exif = PILImage.Exif()
    exif[0x010F] = "Kameratillverkare"  # Make: metadata that must not reach readers
    PILImage.new("RGB", (width, height), (30, 90, 160)).save(buffer, "PNG", exif=exif)
    return buffer.getvalue()


class ImageAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser("admin", "a@example.org", "x")

    def setUp(self):
        self.client.force_login(self.admin)

    def upload(self, content, name="bild.png", alt="Två personer vid en dator"):
        return self.client.post(
            "/admin/handbook/image/add/",
            {"title": "Bild", "alt_text": alt, "file": SimpleUploadedFile(name, content)},
        )

    def test_upload_makes_webp_renditions_without_metadata(self):
        response = self.upload(png_bytes())
        self.assertEqual(response.status_code, 302)
        image = Image.objects.get()
        self.assertEqual((image.width, image.height), (1200, 800))
        self.assertEqual(sorted(image.renditions, key=int), ["480", "960"])
        for width, rendition in image.renditions.items():
            path = Path(settings.MEDIA_ROOT) / rendition["path"]
            with PILImage.open(path) as stored:
                self.assertEqual(stored.format, "WEBP")
                self.assertEqual(stored.width, int(width))
                self.assertFalse(stored.getexif())

    def test_alt_text_is_required(self):
        response = self.upload(png_bytes(), alt="")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Detta fält måste fyllas i.")
        self.assertFalse(Image.objects.exists())

    def test_a_file_that_is_not_an_image_is_refused_in_swedish(self):
        response = self.upload(b"<?php echo 'hej'; ?>", name="bild.png")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "webbsidekod eller skript")
        self.assertFalse(Image.objects.exists())

    def test_image_placed_in_a_body_becomes_a_figure_with_renditions(self):
        self.upload(png_bytes())
        image = Image.objects.get()
        page = make_page(body=f"Text före.\n\n[bild:{image.pk}]\n\nText efter.")
        # Stored: a placeholder, never an address; shown: the figure as the image is now.
        self.assertIn(f'<figure data-bild="{image.pk}"></figure>', page.body_html)
        self.assertNotIn(settings.MEDIA_URL, page.body_html)
        response = self.client.get(page.get_absolute_url())
        self.assertContains(response, "<figure><img")
        self.assertContains(response, 'alt="Två personer vid en dator"')
        self.assertContains(
            response, f'srcset="{settings.MEDIA_URL}{image.renditions["480"]["path"]} 480w'
        )
        self.assertNotContains(response, image.file.name)  # never the original upload
        printed = self.client.get(f"{page.section.get_absolute_url()}utskrift/")
        self.assertContains(printed, 'alt="Två personer vid en dator"')

    def test_a_changed_or_deleted_image_reaches_every_page_that_shows_it(self):
        self.upload(png_bytes())
        image = Image.objects.get()
        page = make_page(body=f"[bild:{image.pk}]\n\nText.")
        image.alt_text, image.caption = "Ny alternativtext", "Ny bildtext"
        image.save()
        response = self.client.get(page.get_absolute_url())
        self.assertContains(response, 'alt="Ny alternativtext"')
        self.assertContains(response, "<figcaption>Ny bildtext")
        image.delete()
        response = self.client.get(page.get_absolute_url())
        self.assertNotContains(response, "<figure")
        self.assertContains(response, "Text.")

    def test_image_addresses_come_from_the_storage_at_render_time(self):
        self.upload(png_bytes())
        image = Image.objects.get()
        page = make_page(body=f"[bild:{image.pk}]")
        storage = image.file.storage
        original = storage.base_url
        # As if uploads moved to object storage: the pages follow without being saved again.
        storage.base_url = "https://bilder.exempelstaden.example/media/"
        self.addCleanup(setattr, storage, "base_url", original)
        response = self.client.get(page.get_absolute_url())
        self.assertContains(response, 'src="https://bilder.exempelstaden.example/media/')

    def test_page_form_refuses_unknown_image_numbers(self):
        section = make_section()
        response = self.client.post(
            "/admin/handbook/page/add/",
            {
                "section": section.pk, "title": "Ny", "slug": "ny", "summary": "S.",
                "body": "[bild:999]", "owner": "Enheten", "owner_email": "e@example.org",
                "last_reviewed": "2026-11-01", "review_interval_months": 12, "order": 0,
            },
        )  # fmt: skip
        self.assertContains(response, "Det finns ingen bild med nummer 999.")
        self.assertFalse(Page.objects.exists())

    def test_editing_an_image_keeps_its_file_and_renditions(self):
        self.upload(png_bytes())
        image = Image.objects.get()
        url = f"/admin/handbook/image/{image.pk}/change/"
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, {"title": "Bild", "alt_text": "Ny beskrivning",
                                           "caption": "Bildtext", "credit": ""})  # fmt: skip
        self.assertEqual(response.status_code, 302)
        edited = Image.objects.get()
        self.assertEqual((edited.alt_text, edited.caption), ("Ny beskrivning", "Bildtext"))
        self.assertEqual((edited.file.name, edited.renditions), (image.file.name, image.renditions))

    def test_a_decorative_image_has_an_empty_alt_on_purpose(self):
        response = self.upload(png_bytes(), alt="Något")
        self.assertEqual(response.status_code, 302)
        image = Image.objects.get()
        url = f"/admin/handbook/image/{image.pk}/change/"
        response = self.client.post(url, {"title": "Bild", "alt_text": "Något", "decorative": "on"})
        self.assertContains(response, "En dekorativ bild har ingen alternativtext")
        response = self.client.post(url, {"title": "Bild", "alt_text": "", "decorative": "on"})
        self.assertEqual(response.status_code, 302)
        page = make_page(body=f"[bild:{image.pk}]")
        self.assertContains(self.client.get(page.get_absolute_url()), '<img src="')
        self.assertContains(self.client.get(page.get_absolute_url()), 'alt=""')

    def test_an_image_in_use_cannot_be_deleted_and_says_where(self):
        self.upload(png_bytes())
        image = Image.objects.get()
        page = make_page(title="Sidan med bilden", body=f"[bild:{image.pk}]")
        change = self.client.get(f"/admin/handbook/image/{image.pk}/change/")
        self.assertContains(change, "Sidan med bilden")  # "used on"
        url = f"/admin/handbook/image/{image.pk}/delete/"
        response = self.client.get(url)
        self.assertContains(response, f"/admin/handbook/page/{page.pk}/change/")
        self.assertContains(response, "Sidan med bilden")
        self.client.post(url, {"post": "yes"})
        self.assertTrue(Image.objects.filter(pk=image.pk).exists())
        page.body = "Ingen bild längre."
        page.save()
        self.client.post(url, {"post": "yes"})
        self.assertFalse(Image.objects.filter(pk=image.pk).exists())

    def test_the_page_form_offers_images_with_their_codes(self):
        self.upload(png_bytes())
        image = Image.objects.get()
        response = self.client.get("/admin/handbook/page/add/")
        self.assertContains(response, f'<code class="image-code">[bild:{image.pk}]</code>')
        self.assertContains(response, "Två personer vid en dator")
        self.assertContains(response, "js/copy-code.js")
