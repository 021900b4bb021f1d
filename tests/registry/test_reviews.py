"""Reviews (issue 16): every account has a next review date, overdue ones are listed per
department, marking one as reviewed moves the date and is kept, and owners are reminded."""

import datetime
from io import StringIO

from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from registry.access import DEPARTMENT_EDITOR
from registry.models import Account
from tests.clock import today_is
from tests.factories import make_account, make_channel, make_department, make_page

TODAY = datetime.date(2026, 6, 15)


@override_settings(PORTAL_SITE_URL="https://portal.example.org",
                   PORTAL_CONTACT_EMAIL="central@example.org")  # fmt: skip
class ReviewTests(TestCase):
    def setUp(self):
        self.clock = today_is(TODAY)
        self.clock.start()
        self.addCleanup(self.clock.stop)
        channel = make_channel()
        self.culture = make_department(name="Kultur", slug="kultur", email="kultur@example.org")
        self.environment = make_department(name="Miljö", slug="miljo", email="miljo@example.org")
        self.overdue = make_account(channel=channel, url="https://www.facebook.com/kulturen",
                                    department=self.culture, name="Kulturen",
                                    verified_on=datetime.date(2025, 5, 1))  # fmt: skip
        self.fresh = make_account(channel=channel, url="https://www.facebook.com/nyheten",
                                  department=self.culture, name="Nyheten",
                                  verified_on=datetime.date(2026, 3, 1))  # fmt: skip
        self.other = make_account(channel=channel, url="https://www.facebook.com/miljon",
                                  department=self.environment, name="Miljön",
                                  verified_on=datetime.date(2025, 1, 10))  # fmt: skip

    def test_the_next_review_is_an_interval_after_the_last_verification(self):
        self.assertEqual(self.overdue.next_review, datetime.date(2026, 5, 1))
        self.assertEqual(set(Account.objects.review_overdue()), {self.overdue, self.other})
        self.fresh.review_interval_months = 2
        self.fresh.save()
        self.assertEqual(self.fresh.next_review, datetime.date(2026, 5, 1))
        with override_settings(PORTAL_REVIEW_MONTHS=6):
            account = make_account(channel=self.fresh.channel, department=self.culture,
                                   url="https://www.facebook.com/sexmanader",
                                   verified_on=datetime.date(2026, 6, 1))  # fmt: skip
        self.assertEqual(account.next_review, datetime.date(2026, 12, 1))

    def test_an_account_written_around_save_without_a_next_review_still_has_its_page(self):
        # Bulk loads (bench/national.py did) bypass save(), which sets the next review.
        Account.objects.filter(pk=self.overdue.pk).update(next_review=None)
        account = Account.objects.get(pk=self.overdue.pk)
        self.assertFalse(account.verification_due)  # as Account.objects.review_overdue() says
        self.assertNotIn(account, Account.objects.review_overdue())
        self.assertContains(self.client.get(account.get_absolute_url()), "Kulturen")

    def test_overdue_reviews_per_department_and_marking_one_reviewed(self):
        editor = User.objects.create_user("kultur", "k@example.org", "pw", is_staff=True)
        editor.groups.add(Group.objects.get(name=DEPARTMENT_EDITOR))
        self.culture.editors.add(editor)
        self.client.force_login(editor)
        response = self.client.get("/admin/registry/account/forfallna/")
        self.assertContains(response, "Förfallna granskningar")
        self.assertContains(response, "Kulturen")
        self.assertNotContains(response, "Nyheten")  # not due
        self.assertNotContains(response, "Miljön")  # not theirs
        self.client.post("/admin/registry/account/", {
            "action": "mark_verified_today", "_selected_action": [self.overdue.pk]})  # fmt: skip
        self.overdue.refresh_from_db()
        self.assertEqual((self.overdue.verified_on, self.overdue.next_review),
                         (TODAY, datetime.date(2027, 6, 15)))  # fmt: skip
        self.assertEqual(self.overdue.history.first().history_user, editor)
        self.assertNotContains(self.client.get("/admin/registry/account/forfallna/"), "Kulturen")

    def test_the_overdue_view_costs_the_same_queries_for_any_number_of_accounts(self):
        self.client.force_login(User.objects.create_superuser("admin", "a@example.org", "pw"))
        url = "/admin/registry/account/forfallna/"
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for n in range(4):
            department = make_department(name=f"Enhet {n}", slug=f"enhet-{n}",
                                         parent=self.environment)  # fmt: skip
            make_account(channel=self.overdue.channel, department=department,
                         url=f"https://www.facebook.com/forsenad{n}",
                         verified_on=datetime.date(2024, 1, 1))  # fmt: skip
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url)
        self.assertContains(response, "forsenad3", count=0)  # names, not addresses, are shown
        self.assertEqual(len(many), len(few))

    def test_owners_are_reminded_once_a_day(self):
        make_page(
            title="Gammal sida",
            owner_email="agare@example.org",
            last_reviewed=datetime.date(2025, 1, 1),
            review_interval_months=12,
        )
        make_page(
            title="Ny sida",
            owner_email="agare@example.org",
            last_reviewed=datetime.date(2026, 6, 1),
            review_interval_months=12,
        )
        call_command("send_review_reminders", stdout=StringIO())
        by_recipient = {tuple(message.to): message for message in mail.outbox}
        self.assertEqual(set(by_recipient), {("kultur@example.org",), ("miljo@example.org",),
                                             ("agare@example.org",)})  # fmt: skip
        culture = by_recipient[("kultur@example.org",)]
        self.assertEqual(culture.subject, "1 sak att granska")
        self.assertIn("Kulturen", culture.body)
        self.assertIn(f"https://portal.example.org/admin/registry/account/{self.overdue.pk}/"
                      "change/", culture.body)  # fmt: skip
        self.assertNotIn("Nyheten", culture.body)
        page_owner = by_recipient[("agare@example.org",)]
        self.assertIn("Gammal sida", page_owner.body)
        self.assertNotIn("Ny sida", page_owner.body)
        call_command("send_review_reminders", stdout=StringIO())  # again the same day
        self.assertEqual(len(mail.outbox), 3)
        out = StringIO()
        call_command("send_review_reminders", "--dry-run", stdout=out)
        self.assertEqual(len(mail.outbox), 3)
        self.clock.stop()
        with today_is(TODAY + datetime.timedelta(days=1)):
            call_command("send_review_reminders", stdout=StringIO())
        self.clock.start()
        self.assertEqual(len(mail.outbox), 6)
