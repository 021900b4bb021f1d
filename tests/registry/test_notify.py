"""Someone is told (issue 16): a new report or feedback is e-mailed to whoever answers for it,
with a link to it in the admin and nothing of the sender's beyond what they wrote about it."""

from django.core import mail
from django.core.cache import cache
from django.test import TestCase, override_settings

from feedback.models import Feedback
from registry.models import Report
from tests.factories import demo_channels, make_account, make_department, make_page


@override_settings(PORTAL_SITE_URL="https://portal.example.org",
                   PORTAL_CONTACT_EMAIL="central@example.org")  # fmt: skip
class NotificationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.channels = demo_channels()
        culture = make_department(name="Kultur", slug="kultur", email="kultur@example.org")
        library = make_department(name="Biblioteket", slug="bibliotek", email="", parent=culture)
        cls.ours = make_account(channel=cls.channels["instagram"], department=library,
                                url="https://www.instagram.com/exempelstaden/")  # fmt: skip

    def setUp(self):
        cache.clear()

    def post(self, url, data):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        return response

    def report(self, url, channel=""):
        self.post("/konton/rapportera/", {"url": url, "channel": channel, "webbplats": "",
                                          "message": "Den ber om kortnummer.",
                                          "reply_to": "anna@example.org"})  # fmt: skip
        return Report.objects.latest("pk")

    def test_a_report_about_our_account_reaches_its_departments_mailbox(self):
        report = self.report("@Exempelstaden", channel=self.channels["instagram"].pk)
        self.assertEqual(report.matched_account, self.ours)
        [message] = mail.outbox
        self.assertEqual(message.to, ["kultur@example.org"])  # the unit has none: its parent
        self.assertEqual(message.subject, f"{report.reference}: Rapport om misstänkt falskt konto")
        self.assertIn(
            f"https://portal.example.org/admin/registry/report/{report.pk}/change/", message.body
        )
        self.assertIn("Den ber om kortnummer.", message.body)
        self.assertNotIn("anna@example.org", message.body)  # stays in the admin

    def test_a_report_about_anything_else_reaches_the_central_mailbox(self):
        self.report("https://www.instagram.com/nagon.annan/")
        self.assertEqual(mail.outbox[0].to, ["central@example.org"])

    def test_feedback_about_a_handbook_page_reaches_its_owner(self):
        page = make_page(owner_email="agare@example.org")
        data = {"topic": "content", "message": "Länken är trasig.", "reply_to": "",
                "webbplats": ""}  # fmt: skip
        self.post("/synpunkter/", {**data, "page": page.get_absolute_url()})
        self.post("/synpunkter/", {**data, "page": "/konton/"})
        owner, central = mail.outbox
        self.assertEqual((owner.to, central.to), (["agare@example.org"], ["central@example.org"]))
        feedback = Feedback.objects.earliest("pk")
        self.assertIn(f"/admin/feedback/feedback/{feedback.pk}/change/", owner.body)
        self.assertIn("Länken är trasig.", owner.body)

    @override_settings(EMAIL_BACKEND="tests.registry.test_notify.BrokenMailServer")
    def test_a_mail_server_that_fails_is_logged_and_the_sender_never_sees_it(self):
        with self.assertLogs("base.notify", level="ERROR"):
            self.report("https://www.instagram.com/nagon.annan/")
        self.assertEqual(Report.objects.count(), 1)


class BrokenMailServer:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")
