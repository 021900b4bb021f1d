from django.utils.translation import gettext_lazy as _
from haystack import indexes

from base.addresses import stored_url
from base.rendering import plain_text

from .models import Channel


class ChannelIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True)
    title = indexes.CharField(model_attr="name")
    summary = indexes.CharField(model_attr="description", indexed=False)
    url = indexes.CharField(indexed=False)
    kind = indexes.CharField(indexed=False, default="channels")
    kind_label, kind_param, kind_order = _("Channels"), "kanaler", 2
    kind_scope_label = _("Search the channel guidance")
    kind_scope_notice = _("You are searching the channel guidance only.")
    pinnable = True
    facets = {"channel": (_("Channels"), "kanal", 2)}
    section = indexes.CharField(indexed=False, default="")
    channel = indexes.CharField(model_attr="name")

    def get_model(self):
        return Channel

    def index_queryset(self, using=None):
        return Channel.objects.active()

    def prepare_url(self, channel):
        return stored_url(channel)  # Swedish; English pages translate it

    def prepare_text(self, channel):
        parts = [channel.name, channel.description, channel.frequency_note, channel.keep_in_mind]
        for rendered in (
            channel.guidance_html,
            channel.legal_notes_html,
            channel.naming_advice_html,
        ):
            parts.append(plain_text(rendered))
        return "\n".join(parts)
