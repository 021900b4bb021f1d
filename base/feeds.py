"""The Atom feed of changes to the handbook and the channel pages (RFC 4287): one entry per
publication (base.publishing.Publication), with its public change note."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import identity
from .publishing import Publication

FEED_SIZE = 50


def _site(path=""):
    # Addresses on PORTAL_SITE_URL, never the request's Host, so ids stay the same behind proxies.
    return settings.PORTAL_SITE_URL + path


class ContentChangesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Changes in the handbook and the channel pages")
    subtitle = gettext_lazy("Published changes, with the editors’ notes.")

    def link(self):
        return _site(reverse("handbook:index"))

    def feed_url(self):
        return _site(reverse("content_feed"))

    def feed_guid(self):
        return _site(reverse("content_feed"))

    def author_name(self):
        return identity.current().name

    def author_email(self):
        return identity.current().contact_email

    def author_link(self):
        return _site("/")

    def items(self):
        return Publication.objects.all()[:FEED_SIZE]

    def item_title(self, publication):
        return publication.title

    def item_description(self, publication):
        return publication.note or _("Updated.")

    def item_link(self, publication):
        return _site(publication.path)

    def item_guid(self, publication):
        host = settings.PORTAL_SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        return f"tag:{host},2026:handbok/andring/{publication.pk}"

    def item_guid_is_permalink(self, publication):
        return False

    def item_updateddate(self, publication):
        return publication.published_at

    def item_pubdate(self, publication):
        return publication.published_at
