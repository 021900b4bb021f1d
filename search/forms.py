from django import forms
from django.utils.translation import gettext_lazy as _

from base.text import printable

from .results import kinds

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    """The whole state of a results page, read from the URL. Bad values are dropped, never
    an error: a search page answers something sensible to anything."""

    # The query is read raw (see state()): a NUL or an overlong query is cleaned, not refused.
    q = forms.CharField(label=_("Search"), required=False)
    # URL values are Swedish, like the rest of the site's addresses (each index's kind_param).
    typ = forms.CharField(required=False, max_length=40)
    tagg = forms.CharField(required=False, max_length=100)
    kanal = forms.CharField(required=False, max_length=100)
    sida = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def state(self):
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": printable(self.data.get("q") or "")[:MAX_QUERY_LENGTH].strip(),
            "kind": {kind.param: kind.code for kind in kinds()}.get(data.get("typ") or "", ""),
            "tag": printable(data.get("tagg") or ""),
            "channel": printable(data.get("kanal") or ""),
            "page": data.get("sida") or 1,
        }
