from django import forms
from django.utils.translation import gettext_lazy as _

from base.forms import PlainLabels, SpamTrap
from base.text import printable

from .models import Feedback


class FeedbackForm(PlainLabels, SpamTrap, forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["topic", "page", "message", "reply_to"]
        labels = {
            "topic": _("What is it about?"),
            "page": _("Which page does it concern? (optional)"),
            "message": _("Your message"),
            "reply_to": _("Your email address (optional)"),
        }
        help_texts = {
            "page": _("The page’s address, or its name."),
            "message": _(
                "Describe what you tried to do and what happened. "
                "Do not write personal data about others here."
            ),
            "reply_to": _("Only if you want an answer. We use it for this message only."),
        }
        widgets = {
            "topic": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 6, "maxlength": 3000}),
        }
        error_messages = {
            "topic": {"required": _("Choose what your message is about.")},
            "message": {
                "required": _("Write your message."),
                "max_length": _("Shorten your message to at most 3 000 characters."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = Feedback.Topic.choices  # radios, without Django's "-----"

    def clean_page(self):
        return printable(self.cleaned_data["page"])
