from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from taggit.apps import TaggitAppConfig


class BaseConfig(AppConfig):
    """The ground floor: what every app shares. It imports no other app of the project."""

    name = "base"
    verbose_name = _("Shared")


class TagsConfig(TaggitAppConfig):
    """django-taggit, named for the editors who meet it in the admin ("Ämnen", not
    "Taggit")."""

    verbose_name = _("Tags")
