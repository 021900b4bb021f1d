"""Forms that the public sends (fake-account reports, feedback), handled one way.

A sender gets a thank-you page whose address holds a signed reference, valid for a day, so
nobody can read other people's messages by counting up numbers.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from . import identity
from .notify import notify

RECEIPT_MAX_AGE = 86400


class PublicMessage(models.Model):
    """What every message from the public has: a reply address, a state for the communicators
    who handle it, their note, and a reference ("R-000042") that the sender can quote."""

    REFERENCE_PREFIX = "M"

    class State(models.TextChoices):
        NEW = "new", _("new")
        HANDLED = "handled", _("handled")

    reply_to = models.EmailField(_("sender’s email"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.NEW)
    note = models.TextField(_("internal note"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.REFERENCE_PREFIX}-{self.pk:06d}" if self.pk else f"{self.REFERENCE_PREFIX}-"

    @property
    def reference(self):
        return str(self)

    def notify_recipients(self):
        """Who is e-mailed about a new message (base.notify): the central mailbox, unless a
        model knows who answers for the matter."""
        return [identity.current().contact_email]

    def notify_details(self):
        """(label, value) pairs for the e-mail: what the sender wrote about the matter."""
        return []


def handle(request, form, *, template, limit, thanks, too_many):
    """Renders the form (400 with its errors), or saves it and redirects to `thanks`.

    `limit` is an HourlyLimit; past it the form is shown again, input kept, with `too_many`.
    """
    if request.method == "POST":
        if limit.reached(request):
            form.add_error(None, too_many)
            response = render(request, template, {"form": form}, status=429)
            response["Retry-After"] = "3600"  # the count is per hour
            return response
        if form.is_valid():
            saved = form.save()
            notify(saved)
            limit.count(request)
            token = signing.dumps(saved.pk, salt=thanks)
            return redirect(reverse(thanks) + "?" + urlencode({"ref": token}))
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form}, status=status)


def receipt(request, model, thanks):
    """The object a thank-you page's ?ref= names, or 404 for a forged or expired one."""
    try:
        pk = signing.loads(request.GET.get("ref", ""), salt=thanks, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    return get_object_or_404(model, pk=pk)


def from_this_site(request):
    """Whether a POST was sent from a page of this site, by its Origin header (every current
    browser sends one with a form), or else its Referer.

    For the one-click forms on pages that are cached for everyone (the handbook's "Var sidan till
    hjälp?"), this is their protection against cross-site requests: a CSRF token would make each
    copy of the page unique. Only forms that store nothing about the sender use it.
    """
    sent_from = request.headers.get("Origin") or request.headers.get("Referer") or ""
    parts = urlsplit(sent_from)
    if not parts.scheme or not parts.netloc:
        return False
    origin = f"{parts.scheme}://{parts.netloc}"
    return origin == f"{request.scheme}://{request.get_host()}" or (
        origin in settings.CSRF_TRUSTED_ORIGINS
    )
