"""The Atom feed of public changes to the registry (RFC 4287)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base import identity

from .models import AccountEvent
from .opendata import site_url

FEED_SIZE = 50


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Changes in the account registry")
    subtitle = gettext_lazy("New, changed and closed official accounts.")

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    # Absolute addresses on PORTAL_SITE_URL, never built from the request's Host header, so the
    # feed's and entries' ids stay the same behind any proxy or alias.
    def link(self):
        return site_url(reverse("registry:index"))

    def feed_url(self):
        return site_url(reverse("registry:feed"))

    def feed_guid(self):
        return site_url(reverse("registry:feed"))

    def author_name(self):
        return identity.current().name

    def author_email(self):
        return identity.current().contact_email

    def author_link(self):
        return site_url("/")

    def items(self):
        # Only accounts that have been public have history; the filter says so once more.
        return AccountEvent.objects.filter(account__was_public=True).select_related(
            "account", "account__channel"
        )[:FEED_SIZE]

    def item_title(self, event):
        names = {
            AccountEvent.Kind.ADDED: _("New account: %(account)s"),
            AccountEvent.Kind.CHANGED: _("Changed: %(account)s"),
            AccountEvent.Kind.CLOSED: _("Closed: %(account)s"),
        }
        return names[event.kind] % {"account": event.account}

    def item_description(self, event):
        if event.kind == AccountEvent.Kind.CHANGED:
            return _("Changed fields: %(fields)s.") % {"fields": ", ".join(event.field_labels)}
        if event.kind == AccountEvent.Kind.CLOSED:
            return _("No longer an official account.")
        return event.account.purpose

    def item_link(self, event):
        return site_url(event.account.get_absolute_url())

    def item_guid(self, event):
        # A tag: URI (RFC 4151) from the configured site's host: never the request's Host, and
        # the same entry even if the account's page ever moves.
        host = settings.PORTAL_SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        return f"tag:{host},2026:konton/andring/{event.pk}"

    def item_guid_is_permalink(self, event):
        return False

    def item_updateddate(self, event):
        return event.happened_at

    def item_pubdate(self, event):
        return event.happened_at
