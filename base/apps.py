from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    """The ground floor: what every app shares. It imports no other app of the project."""

    name = "base"
    verbose_name = _("Shared")
