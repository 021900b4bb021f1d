from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Account registry")

    # Demo content for base's load_demo command: loaded into these models only while all are empty.
    # After the channels (INSTALLED_APPS order): accounts name their channel by slug.
    demo_label = "registry accounts"
    demo_folder = "konton"
    demo_models = ("Department", "Account")

    def load_demo(self, folder):
        from .demo import load_registry

        return load_registry(folder)
