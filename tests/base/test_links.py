"""Issue 17, point 7: broken links in what editors wrote. The internal check runs over the demo
content here; the external check asks a real HTTP server on 127.0.0.1."""

import datetime
import http.server
import threading
import time
from io import StringIO

from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from base import links
from tests.factories import make_page


class DemoContentTests(TestCase):
    def test_the_demo_content_has_no_broken_internal_links(self):
        call_command("load_demo", verbosity=0, stdout=StringIO())
        internal = [href for _label, _path, html in links.linked_texts()
                    for href in links.hrefs(html) if links.kind(href) == "internal"]  # fmt: skip
        self.assertGreater(len(internal), 50)  # the check has something to check
        out = StringIO()
        call_command("check_links", stdout=out)
        self.assertIn("No broken links.", out.getvalue())


class InternalLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.target = make_page(title="Målet")
        cls.draft = make_page(title="Utkastet", is_published=False)
        cls.page = make_page(title="Länkande sida", body=(
            f"[Finns]({cls.target.get_absolute_url()}), [utkast]({cls.draft.get_absolute_url()}), "
            "[borta](/handbok/finns-inte/alls/), [kanaler](/kanaler/), [post](mailto:a@b.se), "
            "[ankare](#rubrik), [extern](https://example.invalid/sida)"
        ))  # fmt: skip

    def test_links_no_reader_can_open_are_listed_with_where_to_fix_them(self):
        broken = links.check()
        self.assertEqual(
            [(link.href, link.label) for link in broken],
            [(self.draft.get_absolute_url(), "Handbokssida: Länkande sida"),
             ("/handbok/finns-inte/alls/", "Handbokssida: Länkande sida")],
        )  # fmt: skip
        self.assertEqual(broken[0].admin_path, f"/admin/handbook/page/{self.page.pk}/change/")
        self.assertIn("finns inte (404)", broken[0].problem)

    def test_the_command_fails_when_a_link_is_broken(self):
        out = StringIO()
        with self.assertRaisesMessage(CommandError, "2 broken link(s)."):
            call_command("check_links", stdout=out)
        self.assertIn("/handbok/finns-inte/alls/", out.getvalue())

    def test_the_admin_page_lists_them(self):
        self.assertEqual(self.client.get("/admin/trasiga-lankar/").status_code, 302)  # sign in
        self.client.force_login(User.objects.create_superuser("a", "a@example.org", "pw"))
        response = self.client.get("/admin/trasiga-lankar/")
        self.assertContains(response, "2 trasiga länkar")
        self.assertContains(response, "/handbok/finns-inte/alls/")
        self.assertContains(self.client.get("/admin/handbook/page/"), "/admin/trasiga-lankar/")


class _Handler(http.server.BaseHTTPRequestHandler):
    agents = []

    def _answer(self, body):
        self.agents.append(self.headers.get("User-Agent"))
        if self.path == "/langsam":
            time.sleep(2)
        status = {"/finns": 200, "/borta": 404, "/langsam": 200}.get(self.path, 200)
        if self.path == "/bara-get" and self.command == "HEAD":
            status = 405
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):  # noqa: N802 - the standard library's name
        self._answer(False)

    def do_GET(self):  # noqa: N802
        self._answer(True)

    def log_message(self, *args):
        pass


@override_settings(ALLOWED_HOSTS=["portal.example.se", "testserver"],
                   PORTAL_SITE_URL="https://portal.example.se")  # fmt: skip
class ExternalLinkTests(TestCase):
    def setUp(self):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        make_page(title="Externa länkar", body=" ".join(
            f"[{path}]({base}/{path})" for path in ("finns", "borta", "bara-get", "langsam")
        ))  # fmt: skip
        self.base = base

    def test_only_when_asked_with_a_timeout_and_a_polite_user_agent(self):
        self.assertEqual(links.check(), [])  # no network unless asked
        broken = {link.href: link.problem for link in links.check(external=True, timeout=0.5)}
        self.assertEqual(sorted(broken), [f"{self.base}/borta", f"{self.base}/langsam"])
        self.assertIn("(404)", broken[f"{self.base}/borta"])
        self.assertIn("Inget svar", broken[f"{self.base}/langsam"])
        polite = "Sociala-medier-portalen link check (+https://portal.example.se)"
        self.assertTrue(all(agent == polite for agent in _Handler.agents), _Handler.agents)

    def test_resources_are_checked_and_those_that_answer_get_the_day(self):
        from handbook.models import Resource
        from tests.clock import today_is

        page = make_page(title="Inspiration")
        working = Resource.objects.create(page=page, title="Fungerar", publisher="P", why="Bra.",
                                          url=f"{self.base}/finns")  # fmt: skip
        gone = Resource.objects.create(page=page, title="Borta", publisher="P", why="Bra.",
                                       url=f"{self.base}/borta")  # fmt: skip
        with today_is(datetime.date(2026, 3, 2)):
            broken = links.check(external=True, timeout=0.5)
        self.assertIn(("Källa: Borta", f"{self.base}/borta"),
                      [(link.label, link.href) for link in broken])  # fmt: skip
        working.refresh_from_db()
        gone.refresh_from_db()
        self.assertEqual(str(working.last_checked), "2026-03-02")
        self.assertIsNone(gone.last_checked)
        response = self.client.get(page.get_absolute_url())
        self.assertContains(response, "Källor att följa")
        self.assertContains(response, 'Länken kontrollerades senast: <time datetime="2026-03-02">')
