from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
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


class LongSelect(forms.Select):
    """A select of thousands of options (every department of a national body) without a
    template per option: the same HTML as Django's Select, put together in Python, which is
    some hundred times faster at 3 000 options."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        options = [
            f'<option value="{escape(option)}"{" selected" if str(option) == chosen else ""}>'
            f"{escape(label)}</option>"
            for option, label in self.choices
        ]
        final_attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(
            f'<select name="{escape(name)}"{flatatt(final_attrs)}>\n  '
            + "\n  ".join(options)
            + "\n</select>"
        )
