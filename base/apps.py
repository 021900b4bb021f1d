from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig
from taggit.apps import TaggitAppConfig


class BaseConfig(AppConfig):
    """The ground floor: what every app shares. It imports no other app of the project."""

    name = "base"
    verbose_name = _("Shared")

    def ready(self):
        from django.core.signals import setting_changed
        from django.db.models import signals

        from . import pagecache

        # Every save, delete and relation change readers could see renews the page cache.
        signals.post_save.connect(pagecache.on_write, dispatch_uid="pagecache-save")
        signals.post_delete.connect(pagecache.on_write, dispatch_uid="pagecache-delete")
        signals.m2m_changed.connect(pagecache.on_relations, dispatch_uid="pagecache-m2m")
        setting_changed.connect(pagecache.on_setting_changed, dispatch_uid="pagecache-settings")


class TagsConfig(TaggitAppConfig):
    """django-taggit, named for the editors who meet it in the admin ("Ämnen", not
    "Taggit")."""

    verbose_name = _("Tags")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin on a site that asks for the second factor after the password."""

    default = False  # named in INSTALLED_APPS; BaseConfig stays the default of this module

    default_site = "base.signin.PortalAdminSite"


class SignInLockConfig(AxesConfig):
    """django-axes (failed sign-ins and lockouts), named for the administrators who meet it."""

    default = False
    verbose_name = _("Sign-in protection")


class AuthenticatorAppsConfig(TOTPConfig):
    """django-otp's TOTP devices: the authenticator apps of the admin's second sign-in step."""

    default = False
    verbose_name = _("Two-step verification")

    def ready(self):
        super().ready()
        # django-otp names its model in plain English, with no gettext for a catalogue to catch.
        meta = self.get_model("TOTPDevice")._meta
        meta.verbose_name = _("authenticator app")
        meta.verbose_name_plural = _("authenticator apps")
