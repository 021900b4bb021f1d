from django.db import models


class HttpsByDefault:
    """Admin mixin: addresses typed without a scheme get https://, as Django 6 will do anyway."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)
