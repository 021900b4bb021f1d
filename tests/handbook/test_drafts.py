"""Issue 17, points 2-4: drafts of live pages and preview, scheduled publishing, versions
compared and restored, change notes, "Senast ändrad", "Ändringshistorik" and the Atom feed."""

import datetime
from io import StringIO

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, TestCase
from django.utils import timezone
from lxml import etree

from base.publishing import Publication
from channels.models import Channel
from handbook.models import Page
from tests.factories import make_channel, make_page
from tests.registry.test_roles import form_data

ATOM = "{http://www.w3.org/2005/Atom}"


class DraftTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = User.objects.create_superuser("anna", "anna@example.org", "pw")
        cls.page = make_page(title="Konton", body="## Början\n\nDen publicerade texten.")
        cls.url = cls.page.get_absolute_url()
        cls.admin_url = f"/admin/handbook/page/{cls.page.pk}/change/"

    def setUp(self):
        self.client.force_login(self.editor)
        self.reader = Client()

    def edit(self, button="_save", **changes):
        data = form_data(self.client.get(self.admin_url))
        data.update(changes)
        data[button] = "1"
        return self.client.post(self.admin_url, data)

    def test_editing_a_live_page_saves_a_draft_readers_do_not_see(self):
        response = self.edit(body="## Början\n\nUTKASTORD i en ny text.")
        self.assertEqual(response.status_code, 302)
        self.assertNotContains(self.reader.get(self.url), "UTKASTORD")
        self.assertContains(self.reader.get(self.url), "Den publicerade texten.")
        page = Page.objects.get()
        self.assertEqual(page.draft["body"], "## Början\n\nUTKASTORD i en ny text.")
        self.assertNotIn("UTKASTORD", page.body_html)
        # The editor sees the draft at the page's own address, and the form shows it.
        preview = self.client.get(self.url)
        self.assertContains(preview, "UTKASTORD")
        self.assertContains(preview, "Förhandsgranskning av ett utkast")
        self.assertContains(self.client.get(self.url + "?publicerad"), "Den publicerade texten.")
        self.assertContains(self.client.get(self.admin_url), "UTKASTORD")
        self.assertContains(self.client.get(self.admin_url), "Formuläret visar ett utkast.")
        # Other fields than the texts take effect at once.
        self.edit(owner="Webbredaktionen")
        self.assertEqual(Page.objects.get().owner, "Webbredaktionen")
        self.assertNotContains(self.reader.get(self.url), "UTKASTORD")

    def test_the_preview_button_works_without_javascript(self):
        response = self.edit("_preview", summary="En UTKASTSAMMANFATTNING.")
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertContains(self.client.get(self.url), "En UTKASTSAMMANFATTNING.")
        self.assertNotContains(self.reader.get(self.url), "UTKASTSAMMANFATTNING")

    def test_publishing_with_a_note_shows_the_text_the_date_the_history_and_the_feed(self):
        self.edit(body="## Början\n\nEn ny text.")
        response = self.edit("_publish", change_note="Nytt avsnitt om tvåstegsverifiering.")
        self.assertEqual(response.status_code, 302)
        page = self.reader.get(self.url)
        self.assertContains(page, "En ny text.")
        self.assertContains(page, "Senast ändrad")
        self.assertContains(page, "Nytt avsnitt om tvåstegsverifiering.")
        self.assertIsNone(Page.objects.get().draft)
        publication = Publication.objects.get()
        self.assertEqual((publication.title, publication.path, publication.published_by),
                         ("Konton", self.url, self.editor))  # fmt: skip
        feed = self.reader.get("/handbok/andringar.atom")
        self.assertEqual(feed["Content-Type"], "application/atom+xml; charset=utf-8")
        entries = etree.fromstring(feed.content).findall(f"{ATOM}entry")
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries[0].findtext(f"{ATOM}summary"),
                         "Nytt avsnitt om tvåstegsverifiering.")  # fmt: skip
        index = self.reader.get("/handbok/")
        self.assertContains(index, '<link rel="alternate" type="application/atom+xml" '
                                   'href="/handbok/andringar.atom"')  # fmt: skip

    def test_an_unpublished_page_is_edited_directly_and_published_with_the_button(self):
        draft = make_page(title="Ny sida", is_published=False)
        url = f"/admin/handbook/page/{draft.pk}/change/"
        data = form_data(self.client.get(url))
        data["body"] = "Direkt sparad."
        self.client.post(url, data)
        draft.refresh_from_db()
        self.assertEqual((draft.body, draft.draft), ("Direkt sparad.", None))
        data = form_data(self.client.get(url))
        data["_publish"] = "1"
        self.client.post(url, data)
        draft.refresh_from_db()
        self.assertTrue(draft.is_published)
        self.assertEqual(Publication.of(draft).count(), 1)

    def test_scheduled_publishing_by_a_command_safe_to_run_every_minute(self):
        soon = timezone.now() - datetime.timedelta(minutes=1)
        later = timezone.now() + datetime.timedelta(days=1)
        local = timezone.localtime(soon)
        when = {"publish_at_0": local.strftime("%Y-%m-%d"), "publish_at_1": local.strftime("%H:%M")}
        self.edit(body="Tidsstyrd text.", **when)  # the admin's date and time boxes
        self.assertContains(self.client.get(self.admin_url), "Det publiceras")
        other = make_page(title="Senare")
        other.draft, other.publish_at = {"body": "Inte än."}, later
        other.save()
        self.assertNotContains(self.reader.get(self.url), "Tidsstyrd text.")
        out = StringIO()
        call_command("publish_scheduled", stdout=out)
        self.assertIn("Published: 1.", out.getvalue())
        call_command("publish_scheduled", stdout=out)  # again: nothing more
        self.assertEqual(Publication.objects.count(), 1)
        self.assertContains(self.reader.get(self.url), "Tidsstyrd text.")
        self.assertIsNone(Page.objects.get(pk=self.page.pk).publish_at)
        self.assertEqual(Page.objects.get(pk=other.pk).body, other.body)  # not yet

    def test_versions_are_compared_line_by_line_and_one_is_restored(self):
        self.edit("_publish", body="Rad ett.\nRad två.")
        self.edit("_publish", body="Rad ett.\nRad tre.")
        versions = self.client.get(f"/admin/handbook/page/{self.page.pk}/versioner/")
        self.assertEqual(len(versions.context["versions"]), 3)  # the first and two published
        self.assertContains(versions, "<del>")
        self.assertContains(versions, "Rad två.")
        self.assertContains(versions, "Rad tre.")
        older = versions.context["older"]
        self.assertEqual(older.body, "Rad ett.\nRad två.")
        response = self.client.post(f"/admin/handbook/page/{self.page.pk}/versioner/",
                                    {"restore": older.history_id})  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.reader.get(self.url), "Rad två.")
        self.assertIn("Återställde versionen från", Publication.objects.first().note)

    def test_the_live_preview_is_rendered_and_sanitised_by_the_server(self):
        response = self.client.post("/admin/forhandsgranska/", {
            "text": "## Rubrik\n\n<script>alert(1)</script> **fet**", "figures": "1"})  # fmt: skip
        self.assertContains(response, "<strong>fet</strong>")
        self.assertNotContains(response, "<script>")
        self.assertEqual(self.reader.post("/admin/forhandsgranska/", {"text": "x"}).status_code,
                         302)  # to the sign-in page  # fmt: skip
        self.assertContains(
            self.client.get(self.admin_url), 'data-preview-url="/admin/forhandsgranska/"'
        )


class ChannelDraftTests(TestCase):
    def test_a_live_channel_page_keeps_its_published_guidance_until_published(self):
        editor = User.objects.create_superuser("anna", "anna@example.org", "pw")
        channel = make_channel()
        self.client.force_login(editor)
        url = f"/admin/channels/channel/{channel.pk}/change/"
        data = form_data(self.client.get(url))
        data["guidance"] = "## Passar för\n\nKANALUTKAST."
        self.client.post(url, data)
        reader = Client()
        self.assertNotContains(reader.get(channel.get_absolute_url()), "KANALUTKAST")
        self.assertContains(self.client.get(channel.get_absolute_url()), "KANALUTKAST")
        data = form_data(self.client.get(url))
        data["_publish"] = "1"
        self.client.post(url, data)
        self.assertContains(reader.get(channel.get_absolute_url()), "KANALUTKAST")
        self.assertIsNone(Channel.objects.get().draft)
