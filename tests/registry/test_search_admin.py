import datetime

from django.contrib.auth.models import User
from django.test import TestCase
from haystack import connections

from registry.models import Account, Report
from search.engine import search
from tests.factories import demo_channels, make_account


class AccountSearchTests(TestCase):
    def setUp(self):
        connections["default"].get_backend().clear()

    def test_accounts_in_use_are_searchable_and_closed_ones_leave_the_index(self):
        channels = demo_channels()
        with self.captureOnCommitCallbacks(execute=True):
            account = make_account(channel=channels["tiktok"], name="Fritidsgårdarna",
                                   url="https://www.tiktok.com/@exstad_ung",
                                   purpose="Korta filmer om sommarlovsaktiviteter.")  # fmt: skip
        hits = search("sommarlovsaktiviteter").hits
        self.assertEqual([(h.title, h.kind, h.section) for h in hits],
                         [("Fritidsgårdarna", "accounts", "TikTok")])  # fmt: skip
        response = self.client.get("/sok/?q=sommarlovsaktiviteter")
        self.assertContains(response, "Konton › TikTok")
        # Paused is still official: search keeps it, as the list and the check do.
        with self.captureOnCommitCallbacks(execute=True):
            account.status = "paused"
            account.save()
        self.assertEqual([h.title for h in search("sommarlovsaktiviteter").hits],
                         ["Fritidsgårdarna"])  # fmt: skip
        with self.captureOnCommitCallbacks(execute=True):
            account.status = "closed"
            account.final_archive_on = account.final_archive_on or datetime.date(2026, 10, 1)
            account.save()
        self.assertEqual(search("sommarlovsaktiviteter").hits, [])


class RegistryAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.channels = demo_channels()
        cls.admin = User.objects.create_superuser("admin", "admin@example.org", "pw")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_public_accounts_are_closed_not_deleted(self):
        account = make_account(channel=self.channels["x"], url="https://x.com/exstad_rtj")
        unarchived = make_account(channel=self.channels["x"], url="https://x.com/exstad_ny")
        response = self.client.get(f"/admin/registry/account/{account.pk}/delete/")
        self.assertEqual(response.status_code, 403)
        account.final_archive_on = datetime.date(2026, 10, 1)
        account.save()
        response = self.client.post("/admin/registry/account/", {
            "action": "close_accounts", "_selected_action": [account.pk, unarchived.pk],
        }, follow=True)  # fmt: skip
        account.refresh_from_db()
        unarchived.refresh_from_db()
        self.assertEqual((account.status, unarchived.status), ("closed", "active"))
        self.assertEqual(account.events.first().kind, "closed")
        # The one without a last archive is left open, and the editor is told why.
        self.assertContains(response, "Ange när kontot arkiverades en sista gång")

    def test_admin_pages_render_and_reports_wait_there(self):
        make_account(channel=self.channels["x"], url="https://x.com/exstad_rtj")
        Report.objects.create(url="https://x.com/exstad_fejk", verdict="not_registered")
        for url in ("/admin/registry/account/", "/admin/registry/account/add/",
                    f"/admin/registry/account/{Account.objects.get().pk}/change/",
                    "/admin/registry/department/", "/admin/registry/report/"):  # fmt: skip
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
        self.assertContains(self.client.get("/admin/registry/report/"), "exstad_fejk")
