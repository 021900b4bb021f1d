"""Every public page answers with a validator and 304 when the reader's copy is current."""

from django.test import TestCase

from base import pagecache
from registry.models import Account
from tests.factories import demo_channels, make_account, make_page


class ConditionalGetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = make_page(tags=["säkerhet"])
        channels = demo_channels()
        cls.account = make_account(channel=channels["x"], url="https://x.com/exstad_rtj")

    def urls(self):
        page = self.page
        return [
            "/", "/handbok/", page.section.get_absolute_url(), page.get_absolute_url(),
            f"{page.section.get_absolute_url()}utskrift/", "/handbok/amne/sakerhet/",
            "/kanaler/", "/kanaler/x/", "/kanaler/jamfor/", "/konton/", "/konton/?channel=x",
            self.account.get_absolute_url(), "/konton/verifiera/?url=https://x.com/exstad_rtj",
            "/konton/oppna-data/", "/konton/andringar.atom", "/sitemap.xml", "/sok/?q=sida",
            "/tillganglighet/", "/api/v1/accounts/", "/konton/export.json",
        ]  # fmt: skip

    def test_every_public_page_has_a_validator_and_answers_304(self):
        for url in self.urls():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                etag = response.get("ETag")
                self.assertTrue(etag or response.get("Last-Modified"))
                again = self.client.get(url, HTTP_IF_NONE_MATCH=etag)
                self.assertEqual(again.status_code, 304)
                self.assertEqual(again.content, b"")

    def test_a_change_gives_a_new_validator(self):
        url = self.account.get_absolute_url()
        etag = self.client.get(url)["ETag"]
        Account.objects.filter(pk=self.account.pk).update(purpose="Ett nytt syfte.")
        pagecache.changed()  # update() sends none of the signals a save does
        response = self.client.get(url, HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ett nytt syfte.")
