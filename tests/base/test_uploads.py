"""Issue 18, point 3: hostile uploads through every file field (handbook images, channel logos,
account imports) are refused in Swedish with nothing left on disk, and what is stored is a
metadata-free re-encoding under a name nobody can guess."""

import os
import random
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image as PILImage

from channels.models import Channel
from handbook.models import Image
from tests.factories import make_channel
from tests.registry.test_roles import form_data

GPS = 0x8825


def encoded(image, format, **options):
    buffer = BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def photo_with_gps():
    exif = PILImage.Exif()
    exif[0x010F] = "Kameratillverkare"
    exif[GPS] = {1: "N", 2: (59.0, 19.0, 48.0), 3: "E", 4: (18.0, 4.0, 6.0)}
    return encoded(PILImage.new("RGB", (800, 600), (200, 40, 40)), "JPEG", exif=exif)


def truncated_jpeg():
    data = encoded(PILImage.effect_noise((400, 300), 60).convert("RGB"), "JPEG", quality=90)
    return data[: len(data) // 2]


def animated_bomb():
    frames = [PILImage.new("P", (1000, 1000), i % 2) for i in range(60)]
    return encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], loop=0)


def gif_javascript_polyglot():
    # The classic: the screen width's two bytes open a script comment, the script follows the
    # trailer. Served as JavaScript it runs; Pillow still reads it as a GIF.
    gif = bytearray(encoded(PILImage.new("P", (1, 1), 0), "GIF"))
    gif[6:8] = b"/*"
    return bytes(gif) + b"*/=alert(document.domain);//"


def jpeg_with_script_comment():
    data = encoded(PILImage.new("RGB", (64, 64), (1, 2, 3)), "JPEG")
    comment = b"<script>alert(1)</script>"
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return data[:2] + segment + data[2:]


def png_bomb():
    # 25 megapixels of one colour: a few kilobytes of file, 25 MB and more once decoded.
    return encoded(PILImage.new("1", (5000, 5000), 1), "PNG", optimize=True)


def noise_png(side):
    noise = random.Random(side).randbytes(side * side * 3)  # incompressible, and the same each run
    return encoded(PILImage.frombytes("RGB", (side, side), noise), "PNG")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9"/></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"

# name, file name, bytes, what the Swedish message says
HOSTILE = [
    ("truncated", "foto.jpg", truncated_jpeg, "inte en hel bild"),
    ("empty", "tom.png", lambda: b"", "tom"),
    ("animated bomb", "anim.gif", animated_bomb, "Animerade bilder"),
    ("svg", "logo.svg", lambda: SVG, "webbsidekod eller skript"),
    ("html renamed", "bild.jpg", lambda: HTML, "webbsidekod eller skript"),
    ("gif/js polyglot", "bild.gif", gif_javascript_polyglot, "data efter bildens slut"),
    ("script in a jpeg", "bild.jpg", jpeg_with_script_comment, "webbsidekod eller skript"),
    ("decompression bomb", "karta.png", png_bomb, "packas upp"),
]


def field_errors(response, field):
    if response.context is None:
        return f"(status {response.status_code})"
    return " ".join(response.context["adminform"].form.errors.get(field, []))


def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*") if p.is_file())


class UploadCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser("admin", "a@example.org", "x")

    def setUp(self):
        self.client.force_login(self.admin)
        os.makedirs(settings.MEDIA_ROOT, exist_ok=True)
        self.before = files_under(settings.MEDIA_ROOT)

    def assertNothingStored(self):
        self.assertEqual(files_under(settings.MEDIA_ROOT), self.before)

    def upload_image(self, name, content):
        return self.client.post(
            "/admin/handbook/image/add/",
            {"title": "Bild", "alt_text": "En bild", "file": SimpleUploadedFile(name, content)},
        )


class HostileImageTests(UploadCase):
    def test_each_hostile_file_is_refused_in_swedish_with_nothing_on_disk(self):
        for case, name, content, message in HOSTILE:
            with self.subTest(case):
                response = self.upload_image(name, content())
                self.assertEqual(response.status_code, 200, case)
                self.assertIn(message, field_errors(response, "file"), case)
                self.assertFalse(Image.objects.exists())
                self.assertNothingStored()

    def test_a_file_over_the_size_limit_is_refused(self):
        response = self.upload_image("stor.png", noise_png(1800))  # about 9.7 MB
        self.assertIn("Gränsen är 8 MB", field_errors(response, "file"))
        self.assertNothingStored()

    def test_too_many_pixels_are_refused_before_decoding(self):
        response = self.upload_image("stor.png", encoded(PILImage.new("1", (6000, 6000)), "PNG"))
        self.assertIn("för många bildpunkter", field_errors(response, "file"))
        self.assertNothingStored()

    def test_the_stored_original_has_no_metadata_and_an_unguessable_name(self):
        names = set()
        for _ in range(2):
            response = self.upload_image("semester-gps.jpg", photo_with_gps())
            self.assertEqual(response.status_code, 302)
        for image in Image.objects.all():
            names.add(Path(image.file.name).name)
            self.assertNotIn("semester", image.file.name)
            self.assertRegex(Path(image.file.name).stem, r"^[A-Za-z0-9_-]{24}$")
            with PILImage.open(Path(settings.MEDIA_ROOT) / image.file.name) as stored:
                self.assertEqual(stored.format, "JPEG")
                self.assertEqual(dict(stored.getexif()), {})
                self.assertNotIn("exif", stored.info)
            raw = (Path(settings.MEDIA_ROOT) / image.file.name).read_bytes()
            self.assertNotIn(b"Kameratillverkare", raw)
        self.assertEqual(len(names), 2)  # the same file twice: two different names

    def test_an_ordinary_photo_still_works(self):
        response = self.upload_image("foto.png", noise_png(300))
        self.assertEqual(response.status_code, 302)
        image = Image.objects.get()
        self.assertEqual((image.width, image.height), (300, 300))
        self.assertTrue(image.renditions)


class HostileLogoTests(UploadCase):
    def upload_logo(self, name, content):
        self.channel = make_channel(name=f"Kanal {Channel.objects.count()}",
                                    slug=f"kanal-{Channel.objects.count()}")  # fmt: skip
        url = f"/admin/channels/channel/{self.channel.pk}/change/"
        data = form_data(self.client.get(url))
        data.update(logo_alt="Kanalens logotyp", logo=SimpleUploadedFile(name, content))
        return self.client.post(url, data)

    def test_hostile_logos_are_refused_with_nothing_on_disk(self):
        # A GIF is no logo format, so GIF tricks are refused as unreadable before anything else.
        # A logo has at most 4 megapixels, which the bomb passes first.
        messages = {"decompression bomb": "bildpunkter"}
        cases = [(case, name, content,
                  "inte en hel bild" if name.endswith(".gif") else messages.get(case, message))
                 for case, name, content, message in HOSTILE if case != "empty"] + [
            ("gif logo", "logo.gif", lambda: encoded(PILImage.new("P", (64, 64)), "GIF"), "PNG"),
            ("30 MB", "logo.png", lambda: b"\x89PNG" + b"\0" * (3 * 1024 * 1024), "2 MB"),
            ("144 megapixels", "logo.png",
             lambda: encoded(PILImage.new("1", (12000, 12000)), "PNG"), "bildpunkter"),
        ]  # fmt: skip
        for case, name, content, message in cases:
            with self.subTest(case):
                response = self.upload_logo(name, content())
                self.assertEqual(response.status_code, 200, case)
                self.assertIn(message, field_errors(response, "logo"), case)
                self.assertFalse(Channel.objects.get(pk=self.channel.pk).logo)
                self.assertNothingStored()

    def test_a_good_logo_is_stored_re_encoded_under_a_random_name(self):
        logo = encoded(PILImage.new("RGBA", (128, 128), (0, 90, 160, 255)), "PNG")
        response = self.upload_logo("kanalens-logo.png", logo)
        self.assertEqual(response.status_code, 302, field_errors(response, "logo"))
        stored = Channel.objects.get(pk=self.channel.pk).logo
        self.assertNotIn("kanalens", stored.name)
        self.assertRegex(Path(stored.name).name, r"^[A-Za-z0-9_-]{24}\.png$")


class HostileImportTests(UploadCase):
    def import_file(self, name, content):
        return self.client.post(
            "/admin/registry/account/import/",
            {"format": "0", "resource": "0", "import_file": SimpleUploadedFile(name, content)},
        )

    def test_files_that_are_not_csv_are_refused_in_swedish_and_not_kept(self):
        imports = settings.STORAGES["import_export"]["OPTIONS"]["location"]
        os.makedirs(imports, exist_ok=True)
        before = files_under(imports)
        cases = [
            ("empty", "konton.csv", b"", "tom"),
            ("an xlsx renamed", "konton.csv", b"PK\x03\x04" + b"\x00" * 200, "inte en CSV-fil"),
            ("an image renamed", "konton.csv", noise_png(40), "inte en CSV-fil"),
            ("html", "konton.csv", HTML, "saknas"),
            ("too large", "konton.csv", b"id;name\n" + b"1;x\n" * (1310720 + 10), "5 MB"),
        ]
        for case, name, content, message in cases:
            with self.subTest(case):
                response = self.import_file(name, content)
                self.assertEqual(response.status_code, 200)
                errors = " ".join(response.context["form"].errors.get("import_file", []))
                self.assertIn(message, errors, case)
                self.assertEqual(files_under(imports), before)
        self.assertNothingStored()
