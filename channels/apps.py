from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    # Not Django Channels: this is the channel guidance (STYLE.md: never install that package).
    name = "channels"
    verbose_name = _("Channel guidance")
