"""Signing in to the admin: a password, then a code from an authenticator app (TOTP).

The admin site asks for the second factor after the password: a user who has set up an app
(django-otp's TOTPDevice) is always asked for its code; where PORTAL_REQUIRE_2FA is on
(production), a user without one sets it up on the spot before reaching any admin page.
Failed passwords are counted by django-axes, failed codes by django-otp's own throttling.
"""

from base64 import b32encode
from datetime import timedelta
from urllib.parse import quote, urlsplit

import segno
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, redirect_to_login
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


def second_factor_pending(request):
    """True while a signed-in staff member still owes the admin their second factor."""
    user = request.user
    # Right after the password, request.user is the bare user, without OTPMiddleware's check.
    verified = getattr(user, "is_verified", lambda: False)()
    if not (user.is_active and user.is_staff) or verified:
        return False
    return (
        settings.PORTAL_REQUIRE_2FA
        or TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
    )


def sees_internal(user):
    """Whether the public pages show this user drafts and proposed accounts: staff signed in as
    the admin requires, so a password alone (the public sign-in) is not enough where a second
    factor is required or set up."""
    if user is None or not (user.is_active and user.is_staff):
        return False
    verified = getattr(user, "is_verified", None)
    if verified is None or verified():
        return True  # not a request's user (a shell, the demo loaders), or verified
    if settings.PORTAL_REQUIRE_2FA:
        return False
    if not hasattr(user, "_portal_has_app"):
        user._portal_has_app = TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
    return not user._portal_has_app


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and not second_factor_pending(request)

    def login(self, request, extra_context=None):
        if request.method == "GET" and second_factor_pending(request):
            return self._to_second_factor(request)
        response = super().login(request, extra_context)
        if request.method == "POST" and second_factor_pending(request):
            return self._to_second_factor(request)  # the password was right
        return response

    def _to_second_factor(self, request):
        target = reverse("admin:second_factor", current_app=self.name)
        nxt = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
        # The address goes on whole, query string included ("/" kept readable).
        return HttpResponseRedirect(
            f"{target}?{REDIRECT_FIELD_NAME}={quote(nxt, safe='/')}" if nxt else target
        )

    def get_urls(self):
        view = never_cache(csrf_protect(self.second_factor))
        return [path("tvastegsverifiering/", view, name="second_factor"), *super().get_urls()]

    def second_factor(self, request):
        return second_factor_view(self, request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        help_text=_("Six digits, changing every 30 seconds."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        allowed, extra = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("Too many wrong codes. Wait a minute and try again."), code="throttled"
            )
        if not code.isdigit() or not self.device.verify_token(code):
            raise forms.ValidationError(
                _(
                    "The code is not right. Check that the phone's clock is correct and type "
                    "the code the app shows now."
                ),
                code="invalid",
            )
        return code


def second_factor_view(site, request):
    user = request.user
    if not (user.is_active and user.is_staff):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    target = target or reverse("admin:index")
    if not second_factor_pending(request):
        return HttpResponseRedirect(target)
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        # A new app is set up with a secret shown once on this page; the unconfirmed device
        # keeps it between showing and confirming (and a reload shows the same one).
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, confirmed=False, defaults={"name": str(_("Authenticator app"))}
        )
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        if enrolling:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        otp_login(request, device)
        return HttpResponseRedirect(target)
    context = {
        **site.each_context(request),
        "title": _("Two-step verification"),
        "form": form,
        "enrolling": enrolling,
        "next": target,
    }
    if enrolling:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(
            scale=4, border=2, svgclass="otp-qr"
        )
        secret = b32encode(device.bin_key).decode()
        context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return TemplateResponse(request, "admin/second_factor.html", context)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once a user name or address has failed too often: a Swedish page,
    429, and when to try again."""
    minutes = int(settings.AXES_COOLOFF_TIME / timedelta(minutes=1))
    context = {
        **admin.site.each_context(request),
        "title": _("Sign-in is locked for a while"),
        "minutes": minutes,
    }
    response = TemplateResponse(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response.render()


class StaffSignInForm(AuthenticationForm):
    """The password form of the public pages' sign-in, for staff who are not editors: the
    proposal form needs to know who proposes. Autocomplete hints for password managers."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class StaffSignInView(LoginView):
    """Sign-in on the public pages (/logga-in/), for what staff do outside the admin. Failed
    attempts count towards the same lockout as the admin's (django-axes sees every sign-in)."""

    template_name = "registration/login.html"
    authentication_form = StaffSignInForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        # A "next" that is the sign-in page itself would loop (Django refuses it with an error).
        url = super().get_redirect_url()
        return "" if url and urlsplit(url).path == self.request.path else url
