from django.utils.translation import gettext_lazy as _
from haystack import indexes

from base.addresses import stored_url
from base.rendering import plain_text

from .models import Page


class PageIndex(indexes.SearchIndex, indexes.Indexable):
    # Results are shown from these stored fields alone, so a results page makes no database query.
    text = indexes.CharField(document=True)
    title = indexes.CharField(model_attr="title")
    summary = indexes.CharField(model_attr="summary", indexed=False)
    url = indexes.CharField(indexed=False)
    section = indexes.CharField(model_attr="section__title", indexed=False)
    kind = indexes.CharField(indexed=False, default="handbook")
    # What search shows of this kind of result; search itself names no app.
    kind_label, kind_param, kind_order = _("Handbook"), "handbok", 1
    kind_scope_label = _("Search the handbook")
    kind_scope_notice = _("You are searching the handbook only.")
    pinnable = True  # editors may put a page first for a query
    facets = {"tags": (_("Tags"), "tagg", 1)}
    tags = indexes.MultiValueField()
    # A renamed section changes the section shown on each of its pages' results.
    depends_on = {"handbook.Section": "section"}

    def get_model(self):
        return Page

    def index_queryset(self, using=None):
        return Page.objects.published().select_related("section").prefetch_related("tags")

    def prepare_url(self, page):
        return stored_url(page)  # Swedish; English pages translate it

    def prepare_tags(self, page):
        return [tag.name for tag in page.tags.all()]

    def prepare_text(self, page):
        body = plain_text(page.body_html)
        return "\n".join([page.title, page.summary, body, *self.prepare_tags(page)])
