"""Colours an organisation chooses, checked against WCAG 2.1 contrast (1.4.3, AA: 4.5:1 for
text) on what the site puts on them or beside them."""

import re

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
AA = 4.5
WHITE = "#ffffff"
# The light backgrounds links sit on (static/css/site.css): the page, the grey panels
# (--surface), notices, the confirmation and the check's verdicts (green, red, amber), and <mark>.
LINK_BACKGROUNDS = ("#ffffff", "#f3f5f7", "#fff4d6", "#eaf6ec", "#fdecee", "#fff6e0", "#ffe58a")


def _channel(value):
    value /= 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour):
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(one, other):
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darker(colour, amount=0.3):
    """The colour mixed with black: the hover and menu shade of the primary colour."""
    parts = (round(int(colour[i : i + 2], 16) * (1 - amount)) for i in (1, 3, 5))
    return "#" + "".join(f"{part:02x}" for part in parts)


def _valid(value):
    if not HEX.match(value or ""):
        raise ValidationError(
            _("Write the colour as # and six hexadecimal digits, e.g. #1f4e79."), code="format"
        )


def validate_primary_colour(value):
    _valid(value)
    ratio = contrast(value, WHITE)
    if ratio < AA:
        raise ValidationError(
            _("White text on this colour has a contrast of %(ratio)s:1; WCAG AA needs at "
              "least 4.5:1. Choose a darker colour.") % {"ratio": number_format(ratio, 1)},
            code="contrast",
        )  # fmt: skip


def validate_accent_colour(value):
    _valid(value)
    ratio = min(contrast(value, background) for background in LINK_BACKGROUNDS)
    if ratio < AA:
        raise ValidationError(
            _("Links in this colour have a contrast of %(ratio)s:1 on the site’s light "
              "backgrounds; WCAG AA needs at least 4.5:1. Choose a darker colour.")
            % {"ratio": number_format(ratio, 1)},
            code="contrast",
        )  # fmt: skip
