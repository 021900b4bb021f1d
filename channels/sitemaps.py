from django.contrib.sitemaps import Sitemap

from .models import Channel


class ChannelSitemap(Sitemap):
    def items(self):
        return Channel.objects.active()

    def lastmod(self, channel):
        return channel.updated_at
