"""Every address typed in the admin without a scheme gets https:// (base.admin_tools
.HttpsByDefault), as Django 6 will do; Django 5 would add http:// and warn."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory, TestCase


class AdminAddressTests(TestCase):
    def test_every_address_field_in_the_admin_assumes_https(self):
        request = RequestFactory().get("/admin/")
        request.user = get_user_model().objects.create_superuser("adm", "adm@example.org", "x")
        checked = []
        for model_admin in admin.site._registry.values():
            forms_here = [(model_admin, model_admin.get_form(request))]
            forms_here += [
                (inline, inline.get_formset(request).form)
                for inline in model_admin.get_inline_instances(request)
            ]
            for owner, form in forms_here:
                for name, field in form.base_fields.items():
                    if isinstance(field, forms.URLField):
                        checked.append(f"{type(owner).__name__}.{name}")
                        with self.subTest(field=checked[-1]):
                            self.assertEqual(field.assume_scheme, "https")
                            self.assertEqual(field.clean("example.se/regler"),
                                             "https://example.se/regler")  # fmt: skip
        self.assertIn("ResourceAdmin.url", checked)
        self.assertIn("AccountAdmin.url", checked)
