from django import forms
from django.utils.translation import gettext_lazy as _


class PlainLabels:
    """Labels without Django's trailing colon, as in the rest of the site."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SpamTrap(forms.Form):
    """A field that people never see (the template hides it from eyes and screen readers, and
    it is out of the tab order) but form-filling bots do fill in. Mix into public forms."""

    webbplats = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_webbplats(self):
        if self.cleaned_data["webbplats"]:
            raise forms.ValidationError(_("Leave this field empty."))
        return ""
