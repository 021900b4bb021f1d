from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from config.ratelimit import HourlyLimit
from config.text import site_path

from .forms import FeedbackForm
from .models import Feedback

LIMIT = HourlyLimit("feedback", per_hour=5)


def feedback(request):
    """The form; links from pages fill in ?sida= (the page) and ?amne= (the topic)."""
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if LIMIT.reached(request):
            form.add_error(None, _("You have sent many messages in a short time. Please wait an "
                                   "hour, or write to us by email."))  # fmt: skip
            return render(request, "feedback/form.html", {"form": form}, status=429)
        if form.is_valid():
            saved = form.save()
            LIMIT.count(request)
            token = signing.dumps(saved.pk, salt="feedback-thanks")
            return redirect(reverse("feedback:thanks") + "?" + urlencode({"ref": token}))
    else:
        topic = request.GET.get("amne", "")
        form = FeedbackForm(
            initial={
                "page": site_path(request.GET.get("sida", "")),
                "topic": topic if topic in Feedback.Topic.values else None,
            }
        )
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "feedback/form.html", {"form": form}, status=status)


def thanks(request):
    try:
        pk = signing.loads(request.GET.get("ref", ""), salt="feedback-thanks", max_age=86400)
    except signing.BadSignature:
        raise Http404 from None
    saved = get_object_or_404(Feedback, pk=pk)
    return render(request, "feedback/thanks.html", {"feedback": saved})
