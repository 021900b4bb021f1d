from django.contrib.sitemaps import Sitemap

from .models import Account


class AccountSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        # Closed accounts keep their page (people still check them) but need no crawling.
        return Account.objects.official().order_by("pk")

    def lastmod(self, account):
        return account.updated_at
