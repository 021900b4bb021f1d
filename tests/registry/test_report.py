from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, TestCase

from registry.models import Account, Department, Report
from tests.factories import demo_channels, make_account


class ReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.channels = demo_channels()
        cls.ours = make_account(channel=cls.channels["instagram"],
                                url="https://www.instagram.com/exempelstaden/")  # fmt: skip

    def setUp(self):
        cache.clear()

    def send(self, client=None, **fields):
        data = {"url": "https://www.instagram.com/exempelstaden.officiell/", "channel": "",
                "message": "Den ber om kortnummer.", "reply_to": "", "webbplats": ""}  # fmt: skip
        data.update(fields)
        return (client or self.client).post("/konton/rapportera/", data)

    def test_a_report_waits_in_the_admin_and_the_sender_gets_a_reference(self):
        response = self.send(follow=False)
        self.assertEqual(response.status_code, 302)
        report = Report.objects.get()
        self.assertEqual((report.state, report.verdict), ("new", "not_registered"))
        self.assertEqual(report.channel, self.channels["instagram"])
        thanks = self.client.get(response["Location"])
        self.assertContains(thanks, "Tack för din rapport")
        self.assertContains(thanks, report.reference)
        self.assertEqual(
            self.client.get("/konton/rapportera/tack/?ref=forfalskad").status_code, 404
        )

    def test_reporting_one_of_our_own_accounts_is_recorded_as_such(self):
        self.send(url="@Exempelstaden", channel=self.channels["instagram"].pk)
        report = Report.objects.get()
        self.assertEqual((report.verdict, report.matched_account), ("official", self.ours))

    def test_csrf_is_required(self):
        response = self.send(client=Client(enforce_csrf_checks=True))
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Report.objects.exists())

    def test_errors_are_swedish_and_the_input_is_kept(self):
        response = self.send(url="", message="Min text finns kvar.")
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "Skriv kontots adress eller dess @användarnamn.", status_code=400
        )
        self.assertContains(response, "Min text finns kvar.", status_code=400)
        response = self.send(reply_to="inte-en-adress")
        self.assertContains(response, "giltig e-postadress", status_code=400)
        self.assertFalse(Report.objects.exists())

    def test_a_bot_filling_the_hidden_field_is_turned_away(self):
        self.assertEqual(self.send(webbplats="http://spam.example").status_code, 400)
        self.assertFalse(Report.objects.exists())

    def test_rate_limited_per_sender(self):
        for _ in range(5):
            self.assertEqual(self.send().status_code, 302)
        response = self.send()
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "många rapporter", status_code=429)
        self.assertEqual(Report.objects.count(), 5)
        other = Client(REMOTE_ADDR="192.0.2.7")
        self.assertEqual(self.send(client=other).status_code, 302)


class RegistryDemoTests(TestCase):
    def test_demo_registry_is_big_enough_and_marked_as_made_up(self):
        call_command("load_demo", verbosity=0)
        public = Account.objects.public()
        self.assertGreaterEqual(public.count(), 40)
        self.assertGreaterEqual(
            Department.objects.filter(accounts__isnull=False).distinct().count(), 8
        )
        self.assertEqual(public.values("channel").distinct().count(), 7)
        self.assertEqual(
            set(public.values_list("status", flat=True)), {"active", "paused", "closed"}
        )
        for account in Account.objects.all():
            self.assertTrue(account.contact_email.endswith(".example"), account)
            self.assertRegex(account.handle_key or "exstad", "exempelstaden|exstad")
        with self.settings(PORTAL_DEMO=True):
            self.assertContains(self.client.get("/konton/"), "påhittad organisation")
        self.assertFalse(settings.PORTAL_DEMO)
        self.assertNotContains(self.client.get("/konton/"), "påhittad organisation")
