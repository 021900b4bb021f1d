"""Issue 18, point 8: nothing that is not public shows through any public page type, feed,
sitemap, export, search or the API: drafts of live pages and channels, unpublished pages and
their tags, proposed accounts and internal routine fields. Each carries a marker word; an
anonymous walk of every public address finds none of them."""

import io
import zipfile
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from channels.models import Channel
from config.sitemaps import SITEMAPS
from handbook.models import Page, Section
from registry.models import Account, Department
from tests.browser.test_accessibility import page_types

MARKERS = {
    "draft of a live page": "lackautkastqx90",
    "unpublished page": "lackaopubliceradqx91",
    "tag of an unpublished page only": "lacktaggqx92",
    "draft of a live channel": "lackakanalutkastqx93",
    "proposed account": "lackaforslagqx94",
    "internal routine field": "lackainternqx95",
}


class NoLeaksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", verbosity=0, stdout=StringIO())
        call_command("rebuild_index", interactive=False, verbosity=0)

    def setUp(self):
        with self.captureOnCommitCallbacks(execute=True):
            live = Page.objects.published().first()
            live.draft = {"title": f"Rubrik {MARKERS['draft of a live page']}",
                          "summary": MARKERS["draft of a live page"],
                          "body": f"Text {MARKERS['draft of a live page']}."}  # fmt: skip
            live.save()
            hidden = Page.objects.create(
                section=Section.objects.first(), title=f"Sida {MARKERS['unpublished page']}",
                slug="opublicerad", summary=MARKERS["unpublished page"],
                body=f"Text {MARKERS['unpublished page']}.", owner="Enheten",
                owner_email="e@example.org", is_published=False,
            )  # fmt: skip
            hidden.tags.add(MARKERS["tag of an unpublished page only"])
            channel = Channel.objects.get(slug="facebook")
            channel.draft = {"description": MARKERS["draft of a live channel"],
                             "guidance": f"## {MARKERS['draft of a live channel']}"}  # fmt: skip
            channel.save()
            template = Account.objects.filter(status="active").first()
            Account.objects.create(
                channel=template.channel, name=f"Konto {MARKERS['proposed account']}",
                department=Department.objects.first(), purpose=MARKERS["proposed account"],
                contact_email="k@example.org", status="proposed",
            )  # fmt: skip
            template.moderators = MARKERS["internal routine field"]
            template.save()
        self.hidden_page = hidden

    def addresses(self):
        paths = [path for _name, path in page_types()]
        words = list(MARKERS.values())
        paths += [f"/sok/?q={word}" for word in words]
        paths += [
            self.hidden_page.get_absolute_url(), self.hidden_page.section.get_absolute_url(),
            f"/handbok/amne/{MARKERS['tag of an unpublished page only']}/",
            "/handbok/andringar.atom", "/konton/andringar.atom", "/sitemap.xml",
            *(f"/sitemap-{part}.xml" for part in SITEMAPS),
            "/konton/export.csv?status=alla", "/konton/export.json?status=alla",
            "/konton/export.xlsx?status=alla", "/api/v1/accounts/?status=all",
            "/kanaler/jamfor/", "/kontakt/",
        ]  # fmt: skip
        return paths

    def body(self, response):
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if content.startswith(b"PK"):  # a workbook: its sheets are XML inside a zip
            with zipfile.ZipFile(io.BytesIO(content)) as workbook:
                content = b"".join(workbook.read(name) for name in workbook.namelist())
        return content.decode("utf-8", errors="replace").casefold()

    def test_an_anonymous_walk_finds_no_marker(self):
        seen = []
        for path in self.addresses():
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertLess(response.status_code, 500)
                text = self.body(response)
                seen.append(path)
                for what, word in MARKERS.items():
                    if word in path:
                        # What the reader typed may be said back ("Sök: …", the 404's address);
                        # beyond that, nothing: a search for the word finds nothing.
                        text = text.replace(word, "")
                        if path.startswith("/sok/"):
                            self.assertEqual(list(response.context["results"].hits), [])
                    self.assertNotIn(word, text, f"{what} shows on {path}")
        self.assertGreater(len(seen), 50)
        hidden_tag = f"/handbok/amne/{MARKERS['tag of an unpublished page only']}/"
        for path in (self.hidden_page.get_absolute_url(), hidden_tag):
            self.assertEqual(self.client.get(path).status_code, 404)

    def test_the_markers_are_there_for_editors(self):
        # The walk would pass on an empty site: show that the markers exist where editors look.
        from django.contrib.auth.models import User

        self.client.force_login(User.objects.create_superuser("a", "a@example.org", "pw"))
        live = Page.objects.exclude(draft=None).get()
        self.assertContains(self.client.get(live.get_absolute_url()),
                            MARKERS["draft of a live page"])  # fmt: skip
        self.assertContains(self.client.get(self.hidden_page.get_absolute_url()),
                            MARKERS["unpublished page"])  # fmt: skip
        self.assertContains(self.client.get("/kanaler/facebook/"),
                            MARKERS["draft of a live channel"])  # fmt: skip
