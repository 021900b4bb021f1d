from django import forms
from django.utils.translation import gettext_lazy as _

from base.text import printable

from .results import facets, kinds

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    """The whole state of a results page, read from the URL. Bad values are dropped, never
    an error: a search page answers something sensible to anything.

    URL values are Swedish, like the rest of the site's addresses: the type (?typ=) and each
    facet's parameter come from what the content apps register (search.results).
    """

    # The query is read raw (see state()): a NUL or an overlong query is cleaned, not refused.
    q = forms.CharField(label=_("Search"), required=False)
    typ = forms.CharField(required=False, max_length=40)
    sida = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.facets = facets()
        for facet in self.facets:
            self.fields[facet.param] = forms.CharField(required=False, max_length=100)

    def state(self):
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": printable(self.data.get("q") or "")[:MAX_QUERY_LENGTH].strip(),
            "kind": {kind.param: kind.code for kind in kinds()}.get(data.get("typ") or "", ""),
            "filters": {f.name: printable(data.get(f.param) or "") for f in self.facets},
            "page": data.get("sida") or 1,
        }
