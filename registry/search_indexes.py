from django.utils.translation import gettext_lazy as _
from haystack import indexes

from base.addresses import stored_url

from .models import Account


class AccountIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True)
    title = indexes.CharField(model_attr="name")
    summary = indexes.CharField(model_attr="purpose", indexed=False)
    url = indexes.CharField(indexed=False)
    kind = indexes.CharField(indexed=False, default="accounts")
    kind_label, kind_param, kind_order = _("Accounts"), "konton", 3
    kind_scope_label = _("Search our accounts")
    kind_scope_notice = _("You are searching our accounts only.")
    pinnable = True
    facets = {"tags": (_("Tags"), "tagg", 1), "channel": (_("Channels"), "kanal", 2)}
    section = indexes.CharField(indexed=False)
    channel = indexes.CharField(model_attr="channel__name")
    tags = indexes.MultiValueField()
    depends_on = {"channels.Channel": "channel", "registry.Department": "department"}

    def get_model(self):
        return Account

    def index_queryset(self, using=None):
        # Search answers "where do we publish?": accounts in use today, paused ones too, since
        # the check calls them official.
        return (
            Account.objects.official()
            .select_related("channel", "department")
            .prefetch_related("tags")
        )

    def prepare_url(self, account):
        return stored_url(account)  # Swedish; English pages translate it

    def prepare_tags(self, account):
        return [tag.name for tag in account.tags.all()]

    def prepare_section(self, account):
        return account.channel.name

    def prepare_text(self, account):
        return "\n".join([
            account.name, account.handle, account.channel.name, account.department.name,
            account.purpose, account.goals, account.audiences, account.content_type,
        ])  # fmt: skip
