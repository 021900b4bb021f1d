from django import forms
from django.utils.translation import gettext_lazy as _

from base.forms import PlainLabels, PrintableInput, SpamTrap
from base.text import printable
from channels.models import Channel

from .models import Department, Report
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
        widget=PrintableInput,
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


def _text(label, help_text="", required=True, rows=3, max_length=2000):
    return forms.CharField(
        label=label, help_text=help_text, required=required, max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": max_length}),
    )  # fmt: skip


class DepartmentChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("Choose one of the departments in the list.")}


class ProposalForm(PlainLabels, forms.Form):
    """ "Frågor att ställa innan du startar ett konto" as a form: the handbook page's eight
    questions, in its order, plus what the registry needs to know about the account."""

    channel = forms.ModelChoiceField(
        label=_("Channel"), queryset=Channel.objects.active(), to_field_name="slug",
        empty_label=_("Choose a channel"),
        error_messages={"required": _("Choose the channel the account would be on."),
                        "invalid_choice": _("Choose one of the channels in the list.")},
    )  # fmt: skip
    why_channel = _text(
        _("1. Why this channel?"),
        _("Does your audience use it, and do you have content that suits its format?"),
    )
    existing_accounts = _text(
        _("2. Is the organisation there already? (optional)"),
        _("Accounts in the registry you could contribute to or coordinate with."),
        required=False,
        rows=2,
    )
    purpose = _text(_("3. What is the purpose?"), _("One or two sentences."), max_length=1000)
    audiences = _text(
        _("Target audiences"), _("One per line, e.g. Residents or Students."), max_length=1000
    )
    resources = _text(
        _("4. Who runs the account, and is there time for it?"),
        _("Who posts, listens and replies each week, holidays included."),
    )
    manager = forms.CharField(
        label=_("5. Which manager knows and supports it?"), max_length=150,
        help_text=_("Name and title of your nearest manager."),
    )  # fmt: skip
    routines = _text(
        _("6. What are the routines for archiving, monitoring and replies?"),
        _("Who does what, and how often."),
    )
    unwanted_content = _text(
        _("7. How will you handle illegal or unwanted content?"),
        _("How it is noticed, documented and removed."),
    )
    goals = _text(
        _("8. How will you know that it works?"),
        _("Goals, and how and when you evaluate them."),
    )
    name = forms.CharField(
        label=_("The account’s name"), max_length=150,
        help_text=_("As the public would see it, e.g. Exempelstaden Biblioteken."),
    )  # fmt: skip
    department = DepartmentChoiceField(
        label=_("Department that answers for it"),
        queryset=Department.objects.select_related("parent"),
        empty_label=_("Choose a department"),
    )
    contact_email = forms.EmailField(
        label=_("Functional mailbox for the public (optional)"), required=False,
        help_text=_("Never a person’s own address. Left empty, the department’s mailbox."),
    )  # fmt: skip

    def clean(self):
        # Control characters never belong in an answer; line breaks do (audiences: one a line).
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                lines = value.replace("\r\n", "\n").split("\n")
                cleaned[name] = "\n".join(printable(line) for line in lines).strip()
                if self.fields[name].required and not cleaned[name]:
                    self.add_error(name, self.fields[name].error_messages["required"])
        return cleaned
