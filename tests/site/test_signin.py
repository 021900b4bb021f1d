"""Issue 18, point 2: the admin is protected. A second factor (TOTP) is required where the
settings say so (production) and used by anyone who has set it up elsewhere; repeated failed
sign-ins lock out the user name and the address, with a Swedish page."""

import re
import time
from base64 import b32encode

from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client, TestCase, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "ett-långt-lösenord"


def sign_in(client, username="redaktor", password=PASSWORD, address="10.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def code_now(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


class SecondFactorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_superuser("redaktor", "r@example.org", PASSWORD)

    @override_settings(PORTAL_REQUIRE_2FA=True)
    def test_required_the_first_sign_in_sets_up_an_app_before_any_admin_page(self):
        client = Client()
        response = sign_in(client)
        self.assertRedirects(
            response, "/admin/tvastegsverifiering/?next=/admin/", fetch_redirect_response=False
        )
        for url in ("/admin/", "/admin/handbook/page/", "/admin/auth/user/"):
            self.assertEqual(client.get(url).status_code, 302, url)  # not yet
        page = client.get("/admin/tvastegsverifiering/?next=/admin/")
        self.assertContains(page, "Skanna QR-koden")
        self.assertContains(page, "<svg")
        secret = re.search(r'otp-secret">([A-Z2-7 ]+)<', page.content.decode()).group(1)
        device = TOTPDevice.objects.get(user=self.user)
        self.assertFalse(device.confirmed)
        self.assertEqual(secret.replace(" ", ""), b32encode(device.bin_key).decode())

        wrong = client.post("/admin/tvastegsverifiering/", {"code": "123456", "next": "/admin/"})
        self.assertContains(wrong, "Koden stämmer inte")
        self.assertEqual(client.get("/admin/").status_code, 302)
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)

        right = client.post(
            "/admin/tvastegsverifiering/", {"code": code_now(device), "next": "/admin/"}
        )
        self.assertRedirects(right, "/admin/", fetch_redirect_response=False)
        self.assertEqual(client.get("/admin/").status_code, 200)
        device.refresh_from_db()
        self.assertTrue(device.confirmed)

        # The next sign-in asks for the code, and never shows the secret again.
        again = Client()
        sign_in(again)
        page = again.get("/admin/tvastegsverifiering/")
        self.assertContains(page, "sexsiffriga kod som din autentiseringsapp visar")
        self.assertNotContains(page, "otp-secret")
        self.assertEqual(again.get("/admin/").status_code, 302)
        again.post("/admin/tvastegsverifiering/", {"code": code_now(device, 30)})
        self.assertEqual(again.get("/admin/").status_code, 200)

    @override_settings(PORTAL_REQUIRE_2FA=True)
    def test_wrong_codes_are_throttled(self):
        client = Client()
        sign_in(client)
        client.get("/admin/tvastegsverifiering/")
        device = TOTPDevice.objects.get(user=self.user)
        client.post("/admin/tvastegsverifiering/", {"code": "000000"})
        response = client.post("/admin/tvastegsverifiering/", {"code": code_now(device)})
        self.assertContains(response, "För många felaktiga koder")
        self.assertEqual(client.get("/admin/").status_code, 302)

    def test_optional_a_user_without_an_app_signs_in_with_the_password(self):
        client = Client()
        self.assertRedirects(sign_in(client), "/admin/", fetch_redirect_response=False)
        self.assertEqual(client.get("/admin/").status_code, 200)

    def test_optional_a_user_with_an_app_is_still_asked_for_its_code(self):
        device = TOTPDevice.objects.create(user=self.user, name="Telefon", confirmed=True)
        client = Client()
        response = sign_in(client)
        self.assertRedirects(
            response, "/admin/tvastegsverifiering/?next=/admin/", fetch_redirect_response=False
        )
        self.assertEqual(client.get("/admin/").status_code, 302)
        client.post("/admin/tvastegsverifiering/", {"code": code_now(device)})
        self.assertEqual(client.get("/admin/").status_code, 200)

    def test_the_page_asked_for_is_reached_with_its_query_string(self):
        device = TOTPDevice.objects.create(user=self.user, name="Telefon", confirmed=True)
        client = Client()
        wanted = "/admin/handbook/page/?q=konto&o=2"
        data = {"username": "redaktor", "password": PASSWORD, "next": wanted}
        response = client.post(f"/admin/login/?next={wanted}", data)
        self.assertEqual(
            response["Location"],
            "/admin/tvastegsverifiering/?next=/admin/handbook/page/%3Fq%3Dkonto%26o%3D2",
        )
        answer = client.get(response["Location"])
        self.assertContains(answer, f'name="next" value="{wanted.replace("&", "&amp;")}"')
        done = client.post(response["Location"], {"code": code_now(device), "next": wanted})
        self.assertRedirects(done, wanted, fetch_redirect_response=False)

    def test_the_next_address_never_leads_off_the_site(self):
        device = TOTPDevice.objects.create(user=self.user, name="Telefon", confirmed=True)
        client = Client()
        sign_in(client)
        response = client.post(
            "/admin/tvastegsverifiering/", {"code": code_now(device), "next": "https://evil.example/"}
        )  # fmt: skip
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)


class LockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_superuser("redaktor", "r@example.org", PASSWORD)
        User.objects.create_superuser("kollega", "k@example.org", PASSWORD)

    def fail(self, times, username="redaktor", address="10.0.0.1"):
        for _ in range(times):
            response = sign_in(Client(), username, "fel", address)
        return response

    def test_fifty_wrong_passwords_lock_the_user_name_with_a_swedish_page(self):
        self.assertEqual(self.fail(4).status_code, 200)  # the ordinary form, "try again"
        response = self.fail(46)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "För många misslyckade inloggningar", status_code=429)
        self.assertEqual(response["Retry-After"], "900")
        # Locked: even the right password does not get in, from any address.
        right = sign_in(Client(), address="10.9.9.9")
        self.assertEqual(right.status_code, 429)
        self.assertEqual(AccessAttempt.objects.get(ip_address="10.0.0.1").failures_since_start, 50)

    def test_an_address_guessing_many_user_names_is_locked_out(self):
        for number in range(5):
            sign_in(Client(), f"gissning{number}", "fel", "10.0.0.7")
        response = sign_in(Client(), "kollega", PASSWORD, "10.0.0.7")
        self.assertEqual(response.status_code, 429)
        # Another address is not.
        self.assertEqual(sign_in(Client(), "kollega", PASSWORD, "10.0.0.8").status_code, 302)

    def test_an_administrator_unlocks_by_deleting_the_attempts(self):
        self.fail(5)
        self.assertEqual(sign_in(Client()).status_code, 429)
        admin = Client()
        admin.force_login(User.objects.get(username="kollega"))
        listing = admin.get("/admin/axes/accessattempt/")
        self.assertContains(listing, "redaktor")
        attempt = AccessAttempt.objects.get()
        admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
        self.assertEqual(sign_in(Client()).status_code, 302)

    def test_a_right_password_resets_the_count(self):
        self.fail(4)
        self.assertEqual(sign_in(Client()).status_code, 302)
        self.fail(4)
        self.assertEqual(sign_in(Client()).status_code, 302)
