from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client, TestCase

from feedback.models import Feedback
from tests.factories import make_page


class FeedbackFormTests(TestCase):
    def setUp(self):
        cache.clear()

    def send(self, client=None, **fields):
        data = {"topic": "accessibility", "page": "/handbok/", "message": "Knappen syns inte.",
                "reply_to": "", "webbplats": ""}  # fmt: skip
        data.update(fields)
        return (client or self.client).post("/synpunkter/", data)

    def test_feedback_is_saved_and_the_sender_gets_a_reference(self):
        response = self.send(reply_to="anna@example.org")
        self.assertEqual(response.status_code, 302)
        feedback = Feedback.objects.get()
        self.assertEqual(
            (feedback.topic, feedback.page, feedback.message, feedback.reply_to, feedback.state),
            ("accessibility", "/handbok/", "Knappen syns inte.", "anna@example.org", "new"),
        )
        thanks = self.client.get(response["Location"])
        self.assertContains(thanks, "Tack för dina synpunkter")
        self.assertContains(thanks, feedback.reference)
        self.assertContains(thanks, "Vi svarar inom fem arbetsdagar")
        self.assertContains(thanks, '<a href="/handbok/">')
        self.assertEqual(self.client.get("/synpunkter/tack/?ref=forfalskad").status_code, 404)

    def test_links_fill_in_the_page_and_topic_but_never_another_site(self):
        form = self.client.get("/synpunkter/?amne=accessibility&sida=/konton/%3Fkanal%3Dx")
        self.assertContains(form, 'value="/konton/?kanal=x"')
        self.assertContains(form, 'value="accessibility" required aria-invalid', count=0)
        self.assertContains(form, 'value="accessibility" required id="id_topic_0" checked')
        for bad in ("https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:x"):
            form = self.client.get("/synpunkter/", {"sida": bad, "amne": "nonsense"})
            self.assertEqual(form.status_code, 200)
            self.assertContains(
                form,
                '<input type="text" name="page" maxlength="500" '
                'aria-describedby="id_page_helptext" id="id_page">',
            )
            self.assertNotContains(form, "checked")
        # A page typed as text is kept, but the thank-you page links only to this site.
        self.send(page="//evil.example/")
        self.assertEqual(Feedback.objects.get().page_path, "")

    def test_errors_are_swedish_linked_to_the_field_and_the_input_is_kept(self):
        response = self.send(topic="", message="", page="Min sida finns kvar")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Välj vad dina synpunkter gäller.", status_code=400)
        self.assertContains(response, "Skriv dina synpunkter.", status_code=400)
        self.assertContains(response, 'href="#id_topic_0"', status_code=400)
        self.assertContains(response, "Min sida finns kvar", status_code=400)
        response = self.send(reply_to="inte-en-adress", message="Texten finns kvar.")
        self.assertContains(response, "giltig e-postadress", status_code=400)
        self.assertContains(response, "Texten finns kvar.", status_code=400)
        response = self.send(message="x" * 3001)
        self.assertContains(response, "högst 3 000 tecken", status_code=400)
        self.assertFalse(Feedback.objects.exists())

    def test_csrf_is_required_and_bots_are_turned_away(self):
        self.assertEqual(self.send(client=Client(enforce_csrf_checks=True)).status_code, 403)
        self.assertEqual(self.send(webbplats="http://spam.example").status_code, 400)
        self.assertFalse(Feedback.objects.exists())

    def test_rate_limited_per_sender(self):
        for _ in range(5):
            self.assertEqual(self.send().status_code, 302)
        response = self.send()
        self.assertContains(response, "många meddelanden", status_code=429)
        self.assertEqual(response["Retry-After"], "3600")
        self.assertEqual(Feedback.objects.count(), 5)
        self.assertEqual(self.send(client=Client(REMOTE_ADDR="192.0.2.7")).status_code, 302)

    def test_every_page_links_to_the_form_with_its_own_address(self):
        page = make_page()
        response = self.client.get(page.get_absolute_url())
        path = page.get_absolute_url().replace("/", "%2F")
        self.assertContains(response, f'href="/synpunkter/?sida={path}"')
        self.assertContains(response, f'href="/synpunkter/?amne=content&amp;sida={path}"')
        statement = self.client.get("/tillganglighet/")
        self.assertContains(statement, 'href="/synpunkter/?amne=accessibility"')
        self.assertContains(self.client.get("/finns-inte/"), "/synpunkter/?sida=%2Ffinns-inte%2F",
                            status_code=404)  # fmt: skip


class FeedbackAdminTests(TestCase):
    def test_communicators_read_and_mark_feedback_handled(self):
        admin = User.objects.create_superuser("admin", "admin@example.org", "pw")
        self.client.force_login(admin)
        first = Feedback.objects.create(topic="content", page="/handbok/", message="Fel datum.")
        Feedback.objects.create(topic="other", page="startsidan", message="Bra sida!")
        listing = self.client.get("/admin/feedback/feedback/?state__exact=new")
        self.assertContains(listing, first.reference)
        self.assertContains(listing, '<a href="/handbok/">/handbok/</a>')
        self.assertContains(listing, "startsidan")
        self.assertEqual(self.client.get("/admin/feedback/feedback/add/").status_code, 403)
        self.client.post("/admin/feedback/feedback/", {
            "action": "mark_handled", "_selected_action": [first.pk],
        })  # fmt: skip
        first.refresh_from_db()
        self.assertEqual(first.state, "handled")
        self.assertEqual(Feedback.objects.filter(state="new").count(), 1)


class OddEncodingTests(TestCase):
    def test_a_form_in_an_unknown_or_non_utf8_encoding_is_a_400_not_an_error_page(self):
        client = Client(raise_request_exception=False)
        for content_type in ("application/x-www-form-urlencoded; charset=latin-9999",
                             "multipart/form-data; boundary=x; charset=nope",
                             "application/x-www-form-urlencoded; charset=utf-16",
                             "application/x-www-form-urlencoded; charset=iso-8859-1"):  # fmt: skip
            with self.subTest(content_type=content_type):
                # generic(): the body is sent as these bytes, whatever the declared charset says.
                response = client.generic("POST", "/synpunkter/", b"topic=content&message=%E5%E4",
                                          content_type=content_type)  # fmt: skip
                self.assertEqual(response.status_code, 400)
                self.assertFalse(Feedback.objects.exists())
