from base.sitemaps import DatedSitemap

from .models import Channel


class ChannelSitemap(DatedSitemap):
    def items(self):
        return Channel.objects.active()
