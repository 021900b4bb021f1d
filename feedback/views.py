from django.shortcuts import render
from django.utils.translation import gettext as _

from base import public_forms
from base.ratelimit import HourlyLimit
from base.text import site_path

from .forms import FeedbackForm
from .models import Feedback

LIMIT = HourlyLimit("feedback")


def feedback(request):
    """The form; links from pages fill in ?sida= (the page) and ?amne= (the topic)."""
    if request.method == "POST":
        form = FeedbackForm(request.POST)
    else:
        topic = request.GET.get("amne", "")
        form = FeedbackForm(
            initial={
                "page": site_path(request.GET.get("sida", "")),
                "topic": topic if topic in Feedback.Topic.values else None,
            }
        )
    too_many = _("You have sent many messages in a short time. Please wait an hour, or write "
                 "to us by email.")  # fmt: skip
    return public_forms.handle(request, form, template="feedback/form.html", limit=LIMIT,
                               thanks="feedback:thanks", too_many=too_many)  # fmt: skip


def thanks(request):
    saved = public_forms.receipt(request, Feedback, "feedback:thanks")
    return render(request, "feedback/thanks.html", {"feedback": saved})
