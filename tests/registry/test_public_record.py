"""An account that has been public stays on the record; handles are whole and follow the rules."""

import datetime

from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.test import TestCase, TransactionTestCase

from registry.models import Account, AccountEvent, Department
from tests.factories import demo_channels, make_account, make_department


def account_form(account=None, **overrides):
    """The admin's change form as a browser would post it."""
    data = {
        "channel": "", "url": "", "handle": "", "platform_id": "", "name": "Nytt konto",
        "department": "", "contact_email": "kultur@exempelstaden.example",
        "purpose": "Syfte.", "goals": "", "audiences": "", "content_type": "",
        "language": "sv", "tags": "", "status": "active", "started_on": "2024-01-01",
        "closed_on": "", "verified_on": "",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0", "events-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    if account is not None:
        data.update({
            "channel": account.channel_id, "url": account.url, "handle": account.handle,
            "platform_id": account.platform_id, "name": account.name,
            "department": account.department_id, "contact_email": account.contact_email,
            "purpose": account.purpose, "status": account.status,
            "started_on": account.started_on.isoformat() if account.started_on else "",
            "closed_on": account.closed_on.isoformat() if account.closed_on else "",
        })  # fmt: skip
        count = account.events.count()
        data.update({"events-TOTAL_FORMS": str(count), "events-INITIAL_FORMS": str(count)})
        for n, event in enumerate(account.events.order_by("-happened_at", "-pk")):
            data[f"events-{n}-id"] = event.pk
            data[f"events-{n}-account"] = account.pk
    data.update(overrides)
    return data


class AdminCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.channels = demo_channels()
        cls.department = make_department(name="Kultur", slug="kultur")
        cls.admin = User.objects.create_superuser("admin", "admin@example.org", "pw")
        cls.active = make_account(channel=cls.channels["x"], url="https://x.com/exstad_rtj",
                                  department=cls.department)  # fmt: skip
        cls.paused = make_account(channel=cls.channels["instagram"], status="paused",
                                  url="https://www.instagram.com/exstad_paus/")  # fmt: skip
        cls.closed = make_account(channel=cls.channels["x"], url="https://x.com/exstad_gammal",
                                  status="closed",
                                  closed_on=datetime.date(2023, 5, 31))  # fmt: skip
        cls.idea = make_account(channel=cls.channels["tiktok"], status="proposed",
                                url="https://www.tiktok.com/@exstad_ide")  # fmt: skip

    def setUp(self):
        self.client.force_login(self.admin)


class NeverDeletedTests(AdminCase):
    def public(self):
        return [self.active, self.paused, self.closed]

    def test_no_admin_url_deletes_a_public_account(self):
        for account in self.public():
            url = f"/admin/registry/account/{account.pk}/delete/"
            with self.subTest(account=account.status):
                self.assertEqual(self.client.get(url).status_code, 403)
                self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 403)
                change = self.client.get(f"/admin/registry/account/{account.pk}/change/")
                self.assertNotContains(change, f"/admin/registry/account/{account.pk}/delete/")
        # The bulk action is gone from the list; posting it anyway deletes nothing.
        changelist = self.client.get("/admin/registry/account/")
        self.assertNotContains(changelist, 'value="delete_selected"')
        self.client.post("/admin/registry/account/", {
            "action": "delete_selected", "post": "yes",
            "_selected_action": [a.pk for a in self.public()],
        })  # fmt: skip
        # Channels and departments with accounts cannot take them along.
        for url in (f"/admin/channels/channel/{self.active.channel_id}/delete/",
                    f"/admin/registry/department/{self.department.pk}/delete/"):  # fmt: skip
            response = self.client.post(url, {"post": "yes"})
            self.assertEqual(response.status_code, 200)  # Django's "cannot delete" page
        self.assertEqual(Account.objects.filter(pk__in=[a.pk for a in self.public()]).count(), 3)
        self.assertTrue(Department.objects.filter(pk=self.department.pk).exists())

    def test_a_public_account_cannot_become_a_proposal_again(self):
        for account in self.public():
            with self.subTest(account=account.status):
                url = f"/admin/registry/account/{account.pk}/change/"
                response = self.client.post(url, account_form(account, status="proposed"))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "kan därför inte bli ett förslag igen")
                account.refresh_from_db()
                self.assertNotEqual(account.status, "proposed")

    def test_a_proposal_that_was_never_public_can_be_deleted(self):
        url = f"/admin/registry/account/{self.idea.pk}/delete/"
        self.assertRedirects(self.client.post(url, {"post": "yes"}), "/admin/registry/account/")
        self.assertFalse(Account.objects.filter(pk=self.idea.pk).exists())

    def test_below_the_admin_the_model_and_queryset_refuse(self):
        for account in self.public():
            with self.subTest(account=account.status):
                with self.assertRaises(ProtectedError):
                    account.delete()
                with self.assertRaises(ProtectedError):
                    Account.objects.filter(pk=account.pk).delete()
                with self.assertRaises(IntegrityError), transaction.atomic():
                    Account.objects.filter(pk=account.pk).update(status="proposed")
        self.assertEqual(Account.objects.filter(was_public=True).count(), 3)


class DatabaseRefusesTests(TransactionTestCase):
    def test_deleting_a_public_account_in_sql_fails_on_its_history(self):
        account = make_account(channel=demo_channels()["x"], url="https://x.com/exstad_rtj")
        self.assertTrue(AccountEvent.objects.filter(account=account).exists())
        # The history's foreign key is checked when the transaction commits.
        with self.assertRaises(IntegrityError), transaction.atomic(), connection.cursor() as sql:
            sql.execute("DELETE FROM registry_account WHERE id = %s", [account.pk])
        self.assertTrue(Account.objects.filter(pk=account.pk).exists())


class HandleRulesTests(AdminCase):
    def add(self, channel, url, **fields):
        data = account_form(channel=self.channels[channel].pk, url=url,
                            department=self.department.pk, **fields)  # fmt: skip
        return self.client.post("/admin/registry/account/add/", data)

    def test_handles_with_swedish_letters_are_stored_whole(self):
        for channel, url, handle in (
            ("youtube", "https://www.youtube.com/@kulturskolanälmhult/videos",
             "kulturskolanälmhult"),
            ("linkedin", "https://www.linkedin.com/company/kulturskolan-%C3%A4lmhult/about/",
             "kulturskolan-älmhult"),
            ("youtube", "https://www.youtube.com/@r%C3%A5dhuset", "rådhuset"),
        ):  # fmt: skip
            with self.subTest(url=url):
                response = self.add(channel, url, name=handle)
                self.assertEqual(response.status_code, 302, response.content[:3000])
                account = Account.objects.get(name=handle)
                self.assertEqual((account.handle, account.handle_key), (handle, handle))
        # The cut-off handle of the past is not a registered account.
        from registry.verification import verify

        self.assertEqual(verify("https://www.youtube.com/@r").verdict, "not_registered")
        self.assertEqual(verify("https://www.youtube.com/@RÅDHUSET").verdict, "official")

    def test_each_channel_refuses_handles_it_does_not_allow_in_swedish(self):
        cases = [
            ("instagram", "https://www.instagram.com/kulturskolanälmhult/",
             "innehåller tecken som Instagram inte tillåter: ä"),
            ("tiktok", "https://www.tiktok.com/@exstad·kultur",
             "innehåller tecken som TikTok inte tillåter: ·"),
            ("x", "https://x.com/exempelstaden_kultur", "användarnamn på X har högst 15 tecken"),
            ("facebook", "https://www.facebook.com/ex.s", "användarnamn på Facebook har minst 5"),
        ]  # fmt: skip
        for channel, url, message in cases:
            with self.subTest(url=url):
                response = self.add(channel, url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
        # The rules are data: the channel's editor can change them.
        instagram = self.channels["instagram"]
        instagram.handle_characters = r"\w."
        instagram.save()
        self.assertEqual(self.add("instagram", cases[0][1]).status_code, 302)

    def test_a_duplicate_is_a_form_error_not_a_server_error(self):
        for url in ("https://x.com/exstad_rtj", "https://twitter.com/EXSTAD_RTJ/status/1"):
            with self.subTest(url=url):
                response = self.add("x", url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "redan ett konto med det här användarnamnet")
        # A closed account's handle may be taken again by a new account of ours.
        self.assertEqual(self.add("x", "https://x.com/exstad_gammal").status_code, 302)
        self.assertEqual(Account.objects.filter(handle_key="exstad_gammal").count(), 2)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Account.objects.create(channel=self.channels["x"], handle="Exstad_RTJ",
                                   name="Kopia", department=self.department, purpose="x",
                                   url="https://x.com/Exstad_RTJ", status="paused",
                                   contact_email="a@exempelstaden.example")  # fmt: skip
