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

    def linked_texts(self):
        """(label, admin path, HTML) per channel, for the link check (base/links.py)."""
        from django.urls import reverse
        from django.utils.translation import gettext as _

        from .models import Channel

        fields = ("guidance_html", "legal_notes_html", "naming_advice_html")
        for channel in Channel.objects.only("pk", "name", *fields).order_by("pk"):
            html = "".join(getattr(channel, field) for field in fields)
            label = _("Channel: %(name)s") % {"name": channel.name}
            yield label, reverse("admin:channels_channel_change", args=[channel.pk]), html

    def overdue_reviews(self):
        """(owner's e-mail, line) per active channel page past its review date, for
        send_review_reminders."""
        from django.conf import settings
        from django.urls import reverse
        from django.utils.translation import gettext as _

        from .models import Channel

        for channel in Channel.objects.active().due_for_review():
            link = settings.PORTAL_SITE_URL + reverse("admin:channels_channel_change",
                                                      args=[channel.pk])  # fmt: skip
            yield channel.owner_email, _("Channel page %(name)s, due %(due)s: %(link)s") % {
                "name": channel.name, "due": channel.review_due, "link": link}  # fmt: skip

    def suggestion_candidates(self):
        """(title, address, kind) of every channel page, for search suggestions while typing."""
        from django.urls import reverse
        from django.utils.translation import gettext as _

        from .models import Channel

        for name, slug in Channel.objects.active().values_list("name", "slug"):
            yield name, reverse("channels:detail", args=[slug]), _("Channel")
