"""Uploaded images, judged by decoding them rather than by their name, and stored re-encoded.

Editors in every department upload files, and a file can lie: an HTML page renamed .jpg, an
SVG with script, a GIF that is also JavaScript, a 4 kB PNG that unpacks to hundreds of
megabytes, a camera photo that tells where it was taken. So an upload is read in steps, each
refusing before the next costs anything: its size; markup anywhere in its bytes; the header,
which gives format and pixel count before any pixel is decoded; frames; the ratio of pixels to
bytes; and only then the pixels. What is stored is not the upload but Pillow's re-encoding of
its pixels under a random name: no metadata (EXIF, GPS, comments), nothing appended, nothing
guessable. Validation (a field validator, so the form shows the message) and storing (the
model's save) share the one decoding through `prepare()`.
"""

import re
import secrets
import warnings
from dataclasses import dataclass
from io import BytesIO

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps

# A truncated file is an error, never an image with a grey bottom half.
ImageFile.LOAD_TRUNCATED_IMAGES = False
# Pillow's own bomb guard, as a backstop below every rule here (it errors at twice this).
Image.MAX_IMAGE_PIXELS = 50_000_000

# Markup or script in an image's bytes means it is meant to be read as something else. Each
# marker is long enough that compressed pixel data all but never holds it by chance (well under
# one photo in a thousand for the shortest).
MARKUP = re.compile(
    rb"<(?:script|html|body|iframe|object|embed|!doctype|\?php|\?xml)|<svg[\s>]"
    rb"|javascript:|onerror\s*=|onload\s*=",
    re.IGNORECASE,
)
# The stored format for each decoded one: stills only, GIF as PNG.
STORED = {"JPEG": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "WEBP": ("WEBP", "webp"),
          "GIF": ("PNG", "png")}  # fmt: skip
# Decoded bytes per byte of file beyond which a file is a decompression bomb (photos are ~10,
# screenshots ~50, a flat diagram a few hundred); only applied above BOMB_FLOOR decoded bytes.
MAX_RATIO = 400
BOMB_FLOOR = 16 * 1024 * 1024


@dataclass(frozen=True)
class Prepared:
    file: ContentFile
    width: int
    height: int


@deconstructible
class ImageRules:
    """What one image field accepts; callable as the field's validator."""

    def __init__(self, *, max_megabytes, max_megapixels, formats=("JPEG", "PNG", "WEBP", "GIF")):
        self.max_megabytes = max_megabytes
        self.max_megapixels = max_megapixels
        self.formats = tuple(formats)

    def __eq__(self, other):
        return isinstance(other, ImageRules) and self.deconstruct() == other.deconstruct()

    def __call__(self, file):
        if getattr(file, "_committed", False):
            # The stored file, on a form that changes only other fields: it was checked (and
            # re-encoded) when it came; reading it back from object storage on every edit
            # would only cost.
            return
        file.portal_prepared = self.prepare(file)

    def prepare(self, file):
        prepared = getattr(file, "portal_prepared", None)
        if prepared is not None:
            return prepared
        size = file.size or 0
        # (No code a form field also has: ModelForm would swap the message for its own.)
        if size == 0:
            raise ValidationError(_("The file is empty."), code="empty_file")
        if size > self.max_megabytes * 1024 * 1024:
            raise ValidationError(
                _("The file is too large. The limit is %(limit)s MB.")
                % {"limit": self.max_megabytes},
                code="too_large",
            )
        file.seek(0)
        data = file.read()
        file.seek(0)
        if MARKUP.search(data):
            raise ValidationError(
                _("The file holds web page code or script, so it is not accepted as an image."),
                code="markup",
            )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(BytesIO(data), formats=self.formats)
                return self._decode(image, data)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise self._too_many_pixels() from error
        except Exception as error:
            # Unknown formats (SVG, HTML, PDF), truncated or damaged files.
            allowed = ", ".join(self.formats)
            raise ValidationError(
                _("The file is not a whole image that can be read (%(formats)s).")
                % {"formats": allowed},
                code="unreadable",
            ) from error

    def _too_many_pixels(self):
        return ValidationError(
            _("The image has too many pixels. The limit is %(limit)s megapixels.")
            % {"limit": self.max_megapixels},
            code="too_big",
        )

    def _decode(self, image, data):
        width, height = image.size
        if width * height > self.max_megapixels * 1_000_000:
            raise self._too_many_pixels()
        decoded = width * height * max(len(image.getbands()), 1)
        if decoded > BOMB_FLOOR and decoded > MAX_RATIO * len(data):
            raise ValidationError(
                _("The image unpacks to far more data than its file holds, so it is refused."),
                code="bomb",
            )
        if getattr(image, "n_frames", 1) > 1:
            raise ValidationError(
                _("Animated images are not accepted: upload a still image."), code="animated"
            )
        if _has_trailing_data(image.format, data):
            raise ValidationError(
                _("The file has data after the end of the image, so it is refused."),
                code="polyglot",
            )
        stored_format, extension = STORED[image.format]
        image.load()  # every pixel: a truncated or damaged file fails here
        image = ImageOps.exif_transpose(image)
        name = f"{secrets.token_urlsafe(18)}.{extension}"
        content = ContentFile(_encode(image, stored_format), name=name)
        return Prepared(file=content, width=image.width, height=image.height)


def _has_trailing_data(format, data):
    """A GIF or PNG that goes on after its end marker is two files in one (the GIF/JavaScript
    polyglot); so is a GIF whose screen size reads as the start of a script comment."""
    tail = data.rstrip(b"\x00")
    if format == "GIF":
        return not tail.endswith(b"\x3b") or data[6:8] == b"/*" or data[6:7] == b"="
    if format == "PNG":
        return not tail.endswith(b"IEND\xaeB`\x82")
    return False


def _encode(image, stored_format):
    if stored_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif stored_format in ("PNG", "WEBP") and image.mode not in ("RGB", "RGBA", "L", "LA"):
        alpha = "transparency" in image.info or "A" in image.getbands()
        image = image.convert("RGBA" if alpha else "RGB")
    buffer = BytesIO()
    options = {"JPEG": {"quality": 90, "optimize": True}, "PNG": {"optimize": True},
               "WEBP": {"quality": 90}}[stored_format]  # fmt: skip
    image.save(buffer, stored_format, **options)  # no exif, icc or comment is passed on
    return buffer.getvalue()


class CheckedImageFormField(forms.ImageField):
    """An image form field that leaves the judging to the model field's ImageRules: Django's own
    probe opens the file with Pillow first and answers every refusal with one vague message, and
    its extension check judges by the name."""

    default_validators = []

    def to_python(self, data):
        return forms.FileField.to_python(self, data)


# The site's favicon: a small square still PNG.
FAVICON_RULES = ImageRules(max_megabytes=1, max_megapixels=1, formats=("PNG",))
# An organisation's logo as a raster: PNG only, as the site settings promise.
LOGO_RULES = ImageRules(max_megabytes=2, max_megapixels=4, formats=("PNG",))


def _is_svg(data):
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


def prepare_logo(file):
    """The logo to store: an SVG rebuilt by base.svg, or a PNG re-encoded by LOGO_RULES; a
    random name either way."""
    prepared = getattr(file, "portal_prepared_logo", None)
    if prepared is not None:
        return prepared
    file.seek(0)
    data = file.read()
    file.seek(0)
    if _is_svg(data):
        from .svg import sanitise

        cleaned = sanitise(data)
        return ContentFile(cleaned, name=f"{secrets.token_urlsafe(18)}.svg")
    return LOGO_RULES.prepare(file).file


def validate_logo(file):
    if getattr(file, "_committed", False):
        return
    file.portal_prepared_logo = prepare_logo(file)
