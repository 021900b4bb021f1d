from collections import ChainMap
from itertools import chain

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .text import printable


class PlainLabels:
    """Labels without Django's trailing colon, as in the rest of the site."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PrintableInput(forms.TextInput):
    """A text box that shows what was sent without control characters. A link can carry a
    NUL (?q=kom%00mun): the form says it is not allowed, and the box must not write it back
    into the page, where it is an HTML parse error."""

    def format_value(self, value):
        value = super().format_value(value)
        return value if value is None or value.isprintable() else printable(value)


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
    template per option: the same HTML as Django's Select, from option fragments made once
    (option_html; a list can keep them, see registry/filters.py) and joined per request,
    which is some hundred times faster at 3 000 options. Set `options` to (value, fragment)
    pairs; Django's choices, which it normalises one by one on every form, stay unused."""

    options = ()

    @staticmethod
    def option_html(value, label):
        return f'<option value="{escape(value)}">{escape(label)}</option>'

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        options = [
            fragment.replace(">", " selected>", 1) if option == chosen else fragment
            for option, fragment in self.options
        ]
        final_attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(
            f'<select name="{escape(name)}"{flatatt(final_attrs)}>\n  '
            + "\n  ".join(options)
            + "\n</select>"
        )


class LongChoiceField(forms.ChoiceField):
    """A choice among many values, checked against a set; see LongSelect."""

    widget = LongSelect

    @staticmethod
    def prepare(pairs):
        """(labels, options) from (value, label) pairs, or (value, label, fragment) with the
        option's HTML made: what set_options takes. A list can keep them (pagecache.memo,
        or per language for translated labels), and then a form takes thousands of choices for
        nothing, where making the labels and options again was 1.5 ms a request at 3 000
        departments."""
        labels = {pair[0]: pair[1] for pair in pairs}
        options = [
            (pair[0], pair[2] if len(pair) > 2 else LongSelect.option_html(pair[0], pair[1]))
            for pair in pairs
        ]
        return labels, options

    def set_options(self, *prepared):
        """The options of these prepared lists, in order. They are shared and never changed
        here."""
        self.labels = ChainMap(*(labels for labels, _options in prepared))
        self.widget.options = list(chain.from_iterable(options for _labels, options in prepared))

    def valid_value(self, value):
        return str(value) in self.labels
