"""Issue 18, points 1 and 2: every page type, the admin included, carries a strict
Content-Security-Policy, a Permissions-Policy and the production security headers; staff
sessions end with the browser or after a working day."""

import json
import re

from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, TestCase, override_settings

from tests.factories import demo_channels, make_account, make_page
from tests.site.test_conditional_get import ConditionalGetTests

# What config.settings.prod sets, over HTTPS (SecurityMiddleware reads them per response).
PRODUCTION = {
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "SECURE_REFERRER_POLICY": "same-origin",
    "X_FRAME_OPTIONS": "DENY",
}


def directives(header):
    return {
        part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()
    }  # fmt: skip


@override_settings(**PRODUCTION)
class SecurityHeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = make_page(tags=["säkerhet"])
        cls.account = make_account(channel=demo_channels()["x"], url="https://x.com/exstad_rtj")
        cls.admin = User.objects.create_superuser("admin", "admin@example.org", "pw")

    def public_urls(self):
        return [*ConditionalGetTests.urls(self), "/synpunkter/", "/konton/rapportera/",
                "/kontakt/", "/handbok/andringar.atom", "/api/v1/openapi.json", "/healthz",
                "/finns-inte/", "/sok/"]  # fmt: skip

    def admin_urls(self):
        return ["/admin/", "/admin/handbook/page/", f"/admin/handbook/page/{self.page.pk}/change/",
                f"/admin/handbook/page/{self.page.pk}/history/", "/admin/registry/account/add/",
                "/admin/att-granska/", "/admin/registry/account/import/"]  # fmt: skip

    def assertHardened(self, response, url):
        csp = response.get("Content-Security-Policy", "")
        policy = directives(csp)
        self.assertTrue(policy, url)
        self.assertNotIn("unsafe-inline", csp, url)
        self.assertNotIn("unsafe-eval", csp, url)
        self.assertNotIn("*", csp, url)
        for name in ("default-src", "script-src", "style-src"):
            self.assertEqual(policy[name], ["'self'"], (url, name))
        self.assertEqual(policy["frame-ancestors"], ["'none'"], url)
        self.assertEqual(policy["object-src"], ["'none'"], url)
        self.assertIn("camera=()", response.get("Permissions-Policy", ""), url)
        self.assertIn("geolocation=()", response["Permissions-Policy"], url)
        self.assertEqual(
            response.get("Strict-Transport-Security"),
            "max-age=31536000; includeSubDomains; preload",
            url,
        )
        self.assertEqual(response.get("X-Content-Type-Options"), "nosniff", url)
        self.assertEqual(response.get("Referrer-Policy"), "same-origin", url)
        self.assertEqual(response.get("X-Frame-Options"), "DENY", url)

    def test_every_public_page_type_is_hardened(self):
        client = Client(enforce_csrf_checks=True)
        for url in self.public_urls():
            with self.subTest(url=url):
                response = client.get(url, secure=True)
                # /healthz answers 503 here: the test's index is empty while the database is not.
                self.assertLess(response.status_code, 500 if url != "/healthz" else 504)
                self.assertHardened(response, url)

    def test_every_admin_page_type_is_hardened(self):
        client = Client()
        response = client.get("/admin/login/", secure=True)
        self.assertHardened(response, "/admin/login/")
        client.force_login(self.admin)
        for url in self.admin_urls():
            with self.subTest(url=url):
                response = client.get(url, secure=True)
                self.assertEqual(response.status_code, 200, url)
                self.assertHardened(response, url)

    def test_no_public_template_has_inline_script_or_style(self):
        """What makes the strict policy hold: nothing inline for it to block."""
        for url in self.public_urls():
            response = self.client.get(url)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            html = response.content.decode()
            self.assertIsNone(re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/)", html), url)
            self.assertNotIn("<style", html, url)
            self.assertIsNone(re.search(r"\sstyle=", html), url)
            self.assertIsNone(re.search(r"\son[a-z]+=", html), url)

    def test_the_staff_session_ends_with_the_browser_or_a_working_day(self):
        client = Client()
        csrf = client.get("/admin/login/", secure=True).cookies["csrftoken"]
        self.assertTrue(csrf["secure"])
        response = client.post(
            "/admin/login/", {"username": "admin", "password": "pw", "next": "/admin/"},
            secure=True, HTTP_REFERER="https://testserver/admin/login/",
        )  # fmt: skip
        self.assertEqual(response.status_code, 302)
        session = response.cookies[settings.SESSION_COOKIE_NAME]
        self.assertTrue(session["secure"])
        self.assertTrue(session["httponly"])
        self.assertEqual(session["max-age"], "")  # no lifetime: gone when the browser closes
        self.assertEqual(session["expires"], "")
        self.assertLessEqual(settings.SESSION_COOKIE_AGE, 10 * 3600)  # and on the server
        self.assertEqual(client.session.get_expiry_age(), settings.SESSION_COOKIE_AGE)


class CspReportTests(TestCase):
    def test_a_browsers_report_is_logged_for_the_operators(self):
        report = {"csp-report": {
            "document-uri": "https://x/handbok/", "blocked-uri": "inline",
            "violated-directive": "style-src-attr", "source-file": "https://x/handbok/",
        }}  # fmt: skip
        with self.assertLogs("portal.csp", "WARNING") as logged:
            response = self.client.post(
                "/csp-rapport/", json.dumps(report), content_type="application/csp-report"
            )
        self.assertEqual(response.status_code, 204)
        self.assertIn("style-src-attr", logged.output[0])

    def test_anything_else_is_refused_quietly(self):
        self.assertEqual(self.client.get("/csp-rapport/").status_code, 405)
        response = self.client.post("/csp-rapport/", b"\xff{", content_type="application/json")
        self.assertEqual(response.status_code, 400)
