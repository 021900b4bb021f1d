import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from registry.models import CHECKLIST, Account, AccountEvent, Department
from tests.factories import demo_channels, make_account, make_department


class AccountModelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.channels = demo_channels()

    def test_handle_comes_from_the_address_and_is_normalised(self):
        account = make_account(
            channel=self.channels["x"], url="https://twitter.com/Exstad_RTJ?s=20"
        )
        self.assertEqual((account.handle, account.handle_key), ("Exstad_RTJ", "exstad_rtj"))
        account = make_account(channel=self.channels["youtube"],
                               platform_id=" UCabcdefghijklmnopqrstuv ",
                               url="https://www.youtube.com/@Exempelstaden")  # fmt: skip
        self.assertEqual((account.platform_id, account.platform_key),
                         ("UCabcdefghijklmnopqrstuv", "UCabcdefghijklmnopqrstuv"))  # fmt: skip
        # YouTube's channel ids are case-sensitive: another case is another channel.

    def test_channel_and_normalised_handle_are_unique_in_the_database(self):
        make_account(channel=self.channels["instagram"], url="https://instagram.com/exstad")
        duplicate = Account(channel=self.channels["instagram"], url="https://www.instagram.com/EXSTAD/",
                            name="Kopia", department=make_department(), purpose="x",
                            contact_email="a@exempelstaden.example", status="active")  # fmt: skip
        with self.assertRaises(ValidationError) as raised:
            duplicate.full_clean()
        messages = raised.exception.message_dict["handle"]  # at the field, not above the form
        self.assertIn("redan ett konto med det här användarnamnet", str(messages))
        with self.assertRaises(IntegrityError), transaction.atomic():
            duplicate.save()  # the constraint holds even when a form is bypassed
        # The same handle on another channel is someone else's business.
        make_account(channel=self.channels["tiktok"], url="https://www.tiktok.com/@exstad")

    def test_address_must_belong_to_the_channel(self):
        account = Account(channel=self.channels["facebook"], url="https://www.instagram.com/exstad/",
                          name="Fel", department=make_department(), purpose="x",
                          contact_email="a@exempelstaden.example", status="active")  # fmt: skip
        with self.assertRaises(ValidationError) as raised:
            account.full_clean()
        self.assertIn("inte adressen till ett konto på Facebook", str(raised.exception))
        account.url, account.handle = "https://www.facebook.com/exstadkultur", "annat"
        with self.assertRaises(ValidationError) as raised:
            account.full_clean()
        self.assertIn("stämmer inte med adressen", str(raised.exception))

    def test_only_a_proposal_may_lack_an_address(self):
        account = Account(channel=self.channels["tiktok"], name="Idé", purpose="x",
                          department=make_department(), contact_email="a@exempelstaden.example",
                          status="active")  # fmt: skip
        with self.assertRaises(ValidationError):
            account.full_clean()
        account.status = "proposed"
        account.full_clean()
        account.save()
        self.assertEqual(account.handle_key, "")

    def test_closing_sets_the_date_and_history_tells_what_happened(self):
        account = make_account(channel=self.channels["x"], url="https://x.com/exstad_rtj",
                               name="Räddningstjänsten")  # fmt: skip
        account.purpose, account.contact_email = "Ny text.", "rtj@exempelstaden.example"
        account.verified_on = datetime.date(2026, 11, 1)  # bookkeeping: not public history
        account.save()
        self.assertEqual(account.status_since, datetime.date(2020, 1, 1))  # from started_on
        account.status = "closed"
        account.final_archive_on = datetime.date(2026, 11, 30)  # closing needs a last archive
        account.save()
        self.assertIsNotNone(account.closed_on)
        self.assertEqual(account.status_since, account.closed_on)
        kinds = [(e.kind, e.fields) for e in account.events.order_by("pk")]
        self.assertEqual(kinds, [("added", []), ("changed", ["purpose", "contact_email"]),
                                 ("closed", [])])  # fmt: skip

    def test_an_account_entered_as_closed_is_news_as_closed(self):
        account = make_account(channel=self.channels["x"], url="https://x.com/exstad_gammal",
                               status="closed", closed_on=datetime.date(2023, 5, 31))  # fmt: skip
        self.assertEqual(list(account.events.values_list("kind", flat=True)), ["closed"])

    def test_proposals_leave_no_public_history_until_they_go_live(self):
        account = make_account(channel=self.channels["tiktok"], url="https://www.tiktok.com/@exstad",
                               status="proposed")  # fmt: skip
        self.assertFalse(AccountEvent.objects.filter(account=account).exists())
        account.status = "approved"
        account.save()
        self.assertFalse(AccountEvent.objects.filter(account=account).exists())  # still internal
        for field, _label in CHECKLIST:
            setattr(account, field, True)
        account.status = "active"
        account.save()
        self.assertEqual(list(account.events.values_list("kind", flat=True)), ["added"])
        self.assertIsNotNone(account.started_on)

    def test_department_cannot_be_inside_itself(self):
        top = make_department()
        unit = make_department(parent=top)
        top.parent = unit
        with self.assertRaises(ValidationError):
            top.full_clean()
        ids = Department.with_descendants([top, unit], top)
        self.assertEqual(ids, {top.pk, unit.pk})
