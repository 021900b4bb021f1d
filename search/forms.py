from django import forms
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=2000, strip=True)

    def query(self):
        """The query to run: control characters dropped, long input cut, never an error."""
        if not self.is_valid():
            return ""
        text = "".join(ch if ch.isprintable() else " " for ch in self.cleaned_data["q"])
        return " ".join(text.split())[:MAX_QUERY_LENGTH]
