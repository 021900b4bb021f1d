from django import forms
from django.utils.translation import gettext_lazy as _

from base.forms import PlainLabels, SpamTrap
from base.text import printable
from channels.models import Channel

from .models import Report
from .verification import MAX_INPUT, InvalidInput, verify


class ChannelField(forms.ModelChoiceField):
    """A channel chosen by its slug, so the choice reads well in the URL (?channel=instagram)."""

    default_error_messages = {"invalid_choice": _("Choose one of the channels in the list.")}

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Channel.objects.all(),
            to_field_name="slug",
            required=False,
            empty_label=_("Recognise from the address"),
            **kwargs,
        )


class VerifyForm(PlainLabels, forms.Form):
    url = forms.CharField(
        label=_("The account’s address or @handle"),
        max_length=MAX_INPUT,
        help_text=_("For example https://www.instagram.com/exempelstaden or @exempelstaden."),
        error_messages={"required": _("Enter the account’s address or its @handle.")},
    )
    channel = ChannelField(
        label=_("Channel"), help_text=_("Only needed when you enter an @handle.")
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            # "kanal" is the name the check used first; links with it keep working.
            data = {
                "url": data.get("url", ""),
                "channel": data.get("channel", data.get("kanal", "")),
            }
        super().__init__(data, *args, **kwargs)

    def clean_url(self):
        return self.cleaned_data["url"].strip()


class ReportForm(PlainLabels, SpamTrap, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["url", "channel", "message", "reply_to"]
        labels = {
            "url": _("The account’s address or @handle"),
            "channel": _("Channel"),
            "message": _("What made you suspect the account? (optional)"),
            "reply_to": _("Your email address (optional)"),
        }
        help_texts = {
            "reply_to": _("Only if you want an answer. We use it for this report only."),
            "message": _("Do not write personal data about others here."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}
        error_messages = {"url": {"required": _("Enter the account’s address or its @handle.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = Channel.objects.active()
        self.fields["channel"].empty_label = _("Recognise from the address")
        self.fields["channel"].required = False

    def clean_url(self):
        return printable(self.cleaned_data["url"])

    def save(self, commit=True):
        report = super().save(commit=False)
        try:
            answer = verify(report.url, report.channel)
        except InvalidInput:
            report.verdict = "invalid"
        else:
            report.verdict = answer.verdict
            report.matched_account = answer.account
            report.channel = report.channel or answer.channel
        if commit:
            report.save()
        return report
