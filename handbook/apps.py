from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandbookConfig(AppConfig):
    name = "handbook"
    verbose_name = _("Handbook")

    # Demo content for base's load_demo command: loaded into these models only while all are empty.
    demo_label = "handbook pages"
    demo_folder = "handbok"
    demo_models = ("Section", "Page", "Tip")

    def load_demo(self, folder):
        from .demo import load_handbook

        return load_handbook(folder)
