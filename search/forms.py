from django import forms
from django.utils.translation import gettext_lazy as _

from config.text import printable

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=2000, strip=True)

    def query(self):
        """The query to run: control characters dropped, long input cut, never an error."""
        if not self.is_valid():
            return ""
        return printable(self.cleaned_data["q"])[:MAX_QUERY_LENGTH]
