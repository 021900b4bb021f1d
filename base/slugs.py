"""Slug rules every app shares."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def refuse_reserved_slug(value, reserved):
    if value in reserved:
        raise ValidationError(
            _("“%(slug)s” is used by the site’s own addresses. Choose another slug."),
            params={"slug": value},
            code="reserved",
        )
