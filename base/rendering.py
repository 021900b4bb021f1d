"""Markdown to safe HTML, done once when content is saved.

Communicators across many departments write the Markdown, so it is not trusted: the HTML that
Python-Markdown produces (raw HTML passes straight through it) is sanitised with nh3 against an
explicit allow-list. Templates print the stored result and nothing else.
"""

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import markdown
import nh3
from django.conf import settings
from django.utils.html import strip_tags
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode

# `[bild:12]` alone in a paragraph places image 12 as a figure.
IMAGE_REFERENCE = re.compile(r"^\[bild:(\d+)\]\s*$")
FIGURE_ATTRIBUTE = "data-bild"
_PLACEHOLDER = re.compile(r'<figure data-bild="(\d+)"></figure>')
IMAGE_REFERENCES = re.compile(r"^\[bild:(\d+)\]\s*$", re.MULTILINE)

# Generated heading ids get a prefix so that no heading can clobber a DOM global or a form field
# name; the prefix also tells the sanitiser which ids are ours.
HEADING_ID_PREFIX = "h-"

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p",
    "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "figure": {FIGURE_ATTRIBUTE},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    **{f"h{level}": {"id"} for level in range(2, 7)},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


_DESCRIPTOR = re.compile(r"^\d+(\.\d+)?[wx]$")


def _attribute_filter(tag, attribute, value):
    if tag == "img" and attribute in ("src", "srcset"):
        # Images come only from our own uploads: an external image would leak every reader's
        # address to a third party. Browsers split srcset on any whitespace, tabs included.
        tokens = [token for token in re.split(r"[\s,]+", value) if token]
        urls = [token for token in tokens if not _DESCRIPTOR.match(token)]
        if not urls or not all(url.startswith(settings.MEDIA_URL) for url in urls):
            return None
    if attribute in ("href", "src") and value.replace("\\", "/").lstrip().startswith("//"):
        # "/\\host" and "//host" look like paths on this site, but browsers open another host.
        return None
    if attribute == "id" and not value.startswith(HEADING_ID_PREFIX):
        return None
    if attribute == FIGURE_ATTRIBUTE and not value.isdigit():
        return None
    return value


def sanitise(unsafe_html):
    return nh3.clean(
        unsafe_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        attribute_filter=_attribute_filter,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _slugify(value, separator):
    return HEADING_ID_PREFIX + slugify_unicode(value, separator)


class _ImageBlockProcessor(BlockProcessor):
    """`[bild:12]` becomes a placeholder; place_images() fills it in when the page is shown, so
    the image's address (from the storage, wherever it is), alt text and caption are always
    the current ones, and a deleted image simply leaves the page."""

    def test(self, parent, block):
        return bool(IMAGE_REFERENCE.match(block.strip()))

    def run(self, parent, blocks):
        block = blocks.pop(0).strip()
        figure = etree.SubElement(parent, "figure")
        figure.set(FIGURE_ATTRIBUTE, IMAGE_REFERENCE.match(block).group(1))


class _ImageExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API)
        md.parser.blockprocessors.register(_ImageBlockProcessor(md.parser), "bild", 80)


class _DropImages(Extension):
    """Where no figures belong (cards, channel texts), an image line leaves nothing behind."""

    class _Drop(BlockProcessor):
        def test(self, parent, block):
            return bool(IMAGE_REFERENCE.match(block.strip()))

        def run(self, parent, blocks):
            blocks.pop(0)

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API)
        md.parser.blockprocessors.register(self._Drop(md.parser), "bild", 80)


def placed_image_ids(safe_html):
    """The ids of the images a rendered text places."""
    return {int(found) for found in _PLACEHOLDER.findall(safe_html or "")}


def place_images(safe_html, images):
    """Stored HTML with each placeholder filled from `images` (id -> an object with
    img_attributes() and caption_text()); a placeholder whose image is gone disappears."""

    def figure(found):
        image = images.get(int(found.group(1)))
        if image is None:
            return ""
        attributes = " ".join(
            f'{name}="{html.escape(str(value))}"' for name, value in image.img_attributes().items()
        )
        caption = image.caption_text()
        caption = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
        return f"<figure><img {attributes}>{caption}</figure>"

    return _PLACEHOLDER.sub(figure, safe_html or "")


@dataclass
class Rendered:
    html: str
    toc: list = field(default_factory=list)


def plain_text(safe_html):
    """The text of stored HTML, for search indexing."""
    return html.unescape(strip_tags(safe_html or ""))


def referenced_image_ids(text):
    return {int(found) for found in IMAGE_REFERENCES.findall(text or "")}


def render_markdown(text, *, figures=False):
    """Render Markdown to sanitised HTML and a flat contents list of its h2/h3 headings.

    With `figures`, `[bild:ID]` on a line of its own leaves a placeholder for place_images();
    without, such a line is dropped.
    """
    extensions = ["sane_lists", "tables", "toc"]
    extensions += [_ImageExtension()] if figures else [_DropImages()]
    md = markdown.Markdown(
        extensions=extensions,
        extension_configs={"toc": {"slugify": _slugify, "toc_depth": "2-3"}},
    )
    body = sanitise(md.convert(text or ""))
    return Rendered(html=body, toc=list(_flatten(md.toc_tokens)))


def _flatten(tokens):
    for token in tokens:
        yield {"id": token["id"], "name": html.unescape(token["name"]), "level": token["level"]}
        yield from _flatten(token["children"])
