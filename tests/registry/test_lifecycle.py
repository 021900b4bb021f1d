"""The account lifecycle (issue 16): föreslaget → godkänt → aktivt ⇄ pausat → avslutat, with
a start checklist before activation and a last archive before closing, refused below the
admin too, and each step kept with who and when."""

import datetime

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.test import TestCase

from registry.access import CENTRAL_COMMUNICATOR
from registry.models import CHECKLIST, Account, Status
from tests.factories import demo_channels, make_account
from tests.registry.test_roles import form_data


class LifecycleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.channels = demo_channels()

    def proposal(self):
        return make_account(channel=self.channels["instagram"], status="proposed",
                            url="https://www.instagram.com/exstad.nytt/")  # fmt: skip

    def move(self, account, status, **fields):
        for name, value in fields.items():
            setattr(account, name, value)
        account.status = status
        account.save()

    def test_every_step_of_the_lifecycle(self):
        account = self.proposal()
        self.move(account, "approved")
        self.move(account, "active", **{field: True for field, _label in CHECKLIST})
        self.move(account, "paused")
        self.move(account, "active")
        self.move(account, "closed", final_archive_on=datetime.date(2026, 11, 1))
        self.assertEqual(
            [h.status for h in account.history.order_by("history_date", "history_id")],
            ["proposed", "approved", "active", "paused", "active", "closed"],
        )

    def test_illegal_steps_are_refused_below_the_admin_in_swedish(self):
        account = self.proposal()
        with self.assertRaises(ValidationError) as refused:
            self.move(account, "active")
        self.assertEqual(
            refused.exception.message_dict["status"],
            ["Ett konto kan inte gå från föreslaget till aktiv. Från föreslaget kan det gå "
             "till: godkänt."],
        )  # fmt: skip
        self.assertEqual(Account.objects.get(pk=account.pk).status, Status.PROPOSED)
        closed = make_account(channel=self.channels["x"], url="https://x.com/exstad_stangt",
                              status="closed", closed_on=datetime.date(2024, 1, 1))  # fmt: skip
        with self.assertRaises(ValidationError) as refused:
            self.move(closed, "active")
        self.assertIn("ingenting (ett avslutat konto förblir avslutat)",
                      refused.exception.message_dict["status"][0])  # fmt: skip

    def test_activation_needs_the_whole_start_checklist(self):
        account = self.proposal()
        self.move(account, "approved", checklist_purpose=True, checklist_terms=True)
        with self.assertRaises(ValidationError) as refused:
            self.move(account, "active")
        message = refused.exception.message_dict["status"][0]
        self.assertTrue(message.startswith("Besvara startchecklistan innan kontot aktiveras."))
        self.assertIn("Närmaste chef är informerad", message)
        self.assertNotIn("Plattformens villkor", message)  # answered

    def test_closing_needs_a_last_archive_date(self):
        account = make_account(channel=self.channels["x"], url="https://x.com/exstad_arkiv")
        with self.assertRaises(ValidationError) as refused:
            self.move(account, "closed")
        self.assertEqual(
            refused.exception.message_dict["final_archive_on"],
            ["Ange när kontot arkiverades en sista gång innan det avslutas."],
        )

    def test_an_approved_account_is_not_public(self):
        account = self.proposal()
        self.move(account, "approved")
        self.assertNotIn(account, Account.objects.public())
        self.assertEqual(self.client.get(account.get_absolute_url()).status_code, 404)
        answer = self.client.get("/api/v1/verify", {"url": account.url}).json()
        self.assertEqual(answer["verdict"], "not_registered")
        self.assertFalse(account.events.exists())


class LifecycleAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.channels = demo_channels()
        cls.central = User.objects.create_user("central", "c@example.org", "pw", is_staff=True)
        cls.central.groups.add(Group.objects.get(name=CENTRAL_COMMUNICATOR))

    def test_the_checklist_and_each_step_are_kept_with_who_and_when(self):
        account = make_account(channel=self.channels["instagram"], status="approved",
                               url="https://www.instagram.com/exstad.nytt/")  # fmt: skip
        self.client.force_login(self.central)
        url = f"/admin/registry/account/{account.pk}/change/"
        data = form_data(self.client.get(url))
        data["status"] = "active"
        response = self.client.post(url, data)
        self.assertContains(response, "Besvara startchecklistan innan kontot aktiveras.")
        data.update({field: "on" for field, _label in CHECKLIST})
        self.assertEqual(self.client.post(url, data).status_code, 302)
        account.refresh_from_db()
        self.assertEqual((account.status, account.checklist_by), ("active", self.central))
        self.assertIsNotNone(account.checklist_at)
        page = self.client.get(url)
        self.assertContains(page, "godkänt")
        self.assertContains(page, "→ aktiv")
        self.assertContains(page, "(central)")
