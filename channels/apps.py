from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    # Not Django Channels: this is the channel guidance (STYLE.md: never install that package).
    name = "channels"
    verbose_name = _("Channel guidance")

    # Demo content for base's load_demo command: loaded into these models only while all are empty.
    demo_label = "channels"
    demo_folder = "kanaler"
    demo_models = ("Channel",)

    def load_demo(self, folder):
        from .demo import load_channels

        return load_channels(folder)
