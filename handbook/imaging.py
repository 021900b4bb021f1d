"""Uploaded images: validated by Pillow, served only as resized renditions.

Renditions are re-encoded, so the camera's metadata (EXIF, often with GPS position) never reaches
the public; the original upload is kept for editors but not linked from pages.
"""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps

RENDITION_WIDTHS = (480, 960, 1600)
DEFAULT_WIDTH = 960
MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000


def validate_upload(file):
    if getattr(file, "_committed", False):
        # The stored file, on a form that changes only the texts: it was checked on upload,
        # and reading it back (from object storage, perhaps) on every edit failed on a closed
        # file, the 500 on editing an image.
        return
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The image is too large. The limit is 8 MB."), code="too_large")
    try:
        file.seek(0)
        with PILImage.open(file) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("The image has too many pixels. The limit is 40 megapixels."), code="too_big"
                )
            image.verify()
    except ValidationError:
        raise
    except Exception as error:
        raise ValidationError(
            _("The file is not an image that can be read (JPEG, PNG, GIF or WebP)."), code="invalid"
        ) from error
    finally:
        file.seek(0)


def make_renditions(file):
    """Write WebP renditions at the standard widths no larger than the original."""
    stem = PurePosixPath(file.name)
    folder = stem.parent / "r"
    renditions = {}
    file.open("rb")
    try:
        with PILImage.open(file) as original:
            original = ImageOps.exif_transpose(original)
            widths = [w for w in RENDITION_WIDTHS if w < original.width] or [original.width]
            for width in widths:
                height = round(original.height * width / original.width)
                resized = original.copy()
                resized.thumbnail((width, height), PILImage.Resampling.LANCZOS)
                if resized.mode not in ("RGB", "RGBA"):
                    resized = resized.convert("RGBA" if "A" in resized.getbands() else "RGB")
                buffer = BytesIO()
                resized.save(buffer, "WEBP", quality=82)
                path = str(folder / f"{stem.stem}-{width}w.webp")
                if default_storage.exists(path):
                    default_storage.delete(path)
                default_storage.save(path, ContentFile(buffer.getvalue()))
                renditions[str(width)] = {"path": path, "height": resized.height}
    finally:
        file.close()
    return renditions
