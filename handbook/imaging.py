"""Uploaded images: checked and re-encoded on upload (base/uploads.py), served as renditions.

The stored original is itself a re-encoding under a random name, so the camera's metadata (EXIF,
often with a GPS position) is gone before anything is written; renditions are WebP.
"""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from PIL import ImageOps

from base.uploads import ImageRules

RENDITION_WIDTHS = (480, 960, 1600)
DEFAULT_WIDTH = 960
# What an uploaded image may be (base/uploads.py decodes, checks and re-encodes it).
IMAGE_RULES = ImageRules(max_megabytes=8, max_megapixels=30)
validate_upload = IMAGE_RULES  # the name the first migration knows the validator by


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
