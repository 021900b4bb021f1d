"""An uploaded SVG logo, rebuilt from what a logo needs and nothing else.

An SVG is a document: it can hold script, event handlers, links, external images and fonts,
styles that fetch addresses, and entity tricks for the XML parser. The parser here loads no
DTD, resolves no entity and reaches no network; a file with a DOCTYPE is refused outright.
What is kept is an allowlist of shape, text and gradient elements with presentation attributes;
references may point only inside the file (#id). Anything else is dropped, and the result is
serialised anew, so what is stored is ours, not the upload.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from lxml import etree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
MAX_BYTES = 512 * 1024
ELEMENTS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
    "tspan", "title", "desc", "defs", "linearGradient", "radialGradient", "stop", "clipPath",
    "mask", "use", "symbol",
}  # fmt: skip
ATTRIBUTES = {
    "id", "class", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx",
    "fy", "width", "height", "viewBox", "preserveAspectRatio", "points", "transform", "fill",
    "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "opacity",
    "clip-path", "clip-rule", "mask", "offset", "stop-color", "stop-opacity", "gradientUnits",
    "gradientTransform", "spreadMethod", "font-family", "font-size", "font-weight",
    "font-style", "text-anchor", "dominant-baseline", "letter-spacing", "version", "role",
    "aria-hidden", "aria-label", "focusable", "href",
}  # fmt: skip
# url(...) only to an id in the same file; nothing that a browser would fetch or run.
_URL = re.compile(r"url\(\s*(?!['\"]?#)", re.IGNORECASE)
_DANGEROUS = re.compile(r"javascript:|data:|expression\(|@import", re.IGNORECASE)


def _refuse():
    return ValidationError(
        _("The file is not an SVG image that can be used as a logo."), code="bad_svg"
    )


def sanitise(data):
    """The cleaned SVG as bytes; ValidationError for anything that is not a usable SVG."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The SVG file is too large. The limit is %(limit)s kB.")
            % {"limit": MAX_BYTES // 1024},
            code="too_large",
        )
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=True,
                             remove_pis=True)  # fmt: skip
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise _refuse() from error
    if root.getroottree().docinfo.doctype or etree.QName(root).localname != "svg":
        raise _refuse()
    if etree.QName(root).namespace not in (SVG, None):
        raise _refuse()
    clean = _copy(root)
    if clean is None or (not len(clean) and not (clean.text or "").strip()):
        raise _refuse()
    return etree.tostring(clean, xml_declaration=True, encoding="utf-8")


def _copy(element):
    if not isinstance(element.tag, str):
        return None  # comments and processing instructions
    name = etree.QName(element)
    if name.namespace not in (SVG, None) or name.localname not in ELEMENTS:
        return None
    copy = etree.Element(f"{{{SVG}}}{name.localname}", nsmap={None: SVG})
    for key, value in element.attrib.items():
        attribute = etree.QName(key)
        local = attribute.localname
        if attribute.namespace not in (None, XLINK) or local not in ATTRIBUTES:
            continue  # on* handlers, style, xml:base and every other namespace
        if attribute.namespace == XLINK and local != "href":
            continue
        if local == "href" and not value.strip().startswith("#"):
            continue
        # (A backslash is a CSS escape: "u\\72 l(" is url( to the browser.)
        if "\\" in value or _URL.search(value) or _DANGEROUS.search(value):
            continue
        copy.set(local, value)
    copy.text = element.text if name.localname in ("text", "tspan", "title", "desc") else None
    for child in element:
        kept = _copy(child)
        if kept is not None:
            kept.tail = child.tail if name.localname in ("text", "tspan") else None
            copy.append(kept)
    return copy
