"""Whole anonymous pages from the page cache (base/pagecache.py): nearly free, never stale.

For each kind of change readers can see, every public page is first served from the cache, the
change is made, and then each page must equal a fresh rendering with the cache off; the pages
the change is about must also differ from before, so the comparison is not vacuous.
"""

import datetime
import re
from collections import OrderedDict
from unittest import mock
from urllib.parse import unquote_to_bytes, urlsplit

from django.contrib.auth.models import User
from django.core.exceptions import DisallowedHost
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from django.utils import timezone

from base import pagecache
from base.models import SiteSettings
from channels.models import Channel
from handbook.models import Page
from registry.models import Account, Department
from search.models import PinnedResult, Promotion, QueryStat, Synonym
from tests.factories import demo_channels, make_account, make_department, make_page, make_section


def public_pages(page, channel, account):
    return [
        "/", "/handbok/", f"/handbok/{page.section.slug}/", page.get_absolute_url(),
        "/handbok/andringar.atom", f"/handbok/amne/{'valkommen'}/", "/kanaler/",
        f"/kanaler/{channel.slug}/", "/kanaler/jamfor/", "/konton/", "/konton/?status=active",
        f"/konton/{account.pk}/", "/konton/oversikt/", "/konton/andringar.atom",
        "/konton/export.csv", "/konton/export.json", "/api/v1/accounts/",
        f"/api/v1/accounts/{account.pk}/", f"/konton/verifiera/?url={account.url}",
        "/sok/?q=kanin", "/sok/?q=Stadsbiblioteket", "/sitemap.xml", "/en/handbok/",
        f"/en{page.get_absolute_url()}", "/sok/forslag/?q=kani",
    ]  # fmt: skip


PINNED = "Stadsbiblioteket på Facebook".encode()


def body(response):
    # A JSON export names the second it was made; everything else must be byte-equal.
    content = b"".join(response) if response.streaming else response.content
    if response.streaming:
        content = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[^\"]*", b"(time)", content)
    return response.status_code, content


class NeverStaleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        channels = demo_channels()
        cls.channel = channels["facebook"]
        cls.section = make_section(slug="borja", title="Börja här")
        cls.page = make_page(section=cls.section, slug="kaniner", title="Om kaniner",
                             body="Kaniner på sociala medier.", tags=["valkommen"])  # fmt: skip
        cls.department = make_department(name="Stadsbiblioteket", slug="stadsbiblioteket")
        cls.account = make_account(
            channel=cls.channel, url="https://www.facebook.com/stadsbiblioteket.exempel",
            department=cls.department, name="Stadsbiblioteket på Facebook",
        )  # fmt: skip

    def setUp(self):
        # The index is not rolled back with the database: each test builds it from its data.
        call_command("rebuild_index", interactive=False, verbosity=0)
        self.urls = public_pages(self.page, self.channel, self.account)

    def get(self, url):
        return self.client.get(url)

    def warm(self):
        before = {}
        for url in self.urls:
            self.get(url)
            response = self.get(url)
            if response.status_code == 200 and not response.streaming:
                self.assertEqual(response.get("X-Cache"), "hit", url)
            before[url] = self.read(response)
        return before

    def read(self, response):
        return body(response)

    def assert_fresh(self, before, changed):
        after = {url: self.read(self.get(url)) for url in self.urls}
        with self.settings(PORTAL_PAGE_CACHE_SECONDS=0):
            fresh = {url: self.read(self.get(url)) for url in self.urls}
        for url in self.urls:
            self.assertEqual(after[url], fresh[url], f"stale: {url}")
        for url in changed:
            self.assertNotEqual(before[url], after[url], f"the change did not reach {url}")

    def committed(self):
        # As in production: the transaction commits, so the search index and the page cache
        # hear of the change the way they do after a real save.
        return self.captureOnCommitCallbacks(execute=True)

    def test_editing_and_publishing_a_page(self):
        before = self.warm()
        with self.committed():
            self.page.title = "Om harar"
            self.page.publish(note="Nytt namn.")
        changed = [self.page.get_absolute_url(), "/handbok/", "/sok/?q=kanin",
                   "/handbok/andringar.atom", f"/handbok/{self.section.slug}/"]  # fmt: skip
        self.assert_fresh(before, changed)

    def test_unpublishing_and_deleting_a_page(self):
        before = self.warm()
        with self.committed():
            self.page.is_published = False
            self.page.save()
        changed = [f"/handbok/{self.section.slug}/", "/sok/?q=kanin", "/sitemap.xml",
                   self.page.get_absolute_url()]  # fmt: skip
        self.assert_fresh(before, changed)
        with self.committed():
            self.page.is_published = True
            self.page.save()
        before = self.warm()
        with self.committed():
            self.page.delete()
        self.assert_fresh(before, changed)

    def test_renaming_a_page_a_section_and_a_tag(self):
        before = self.warm()
        old_address = self.page.get_absolute_url()
        with self.committed():
            self.page.slug = "harar"
            self.page.save()
        self.assert_fresh(before, [old_address, "/handbok/", "/sitemap.xml"])
        self.urls = public_pages(self.page, self.channel, self.account)
        before = self.warm()
        with self.committed():
            self.section.title = "Kom i gång"
            self.section.save()
        self.assert_fresh(before, [self.page.get_absolute_url(), "/handbok/", "/sok/?q=kanin"])
        before = self.warm()
        with self.committed():
            self.page.tags.add("nyhet")
        self.assert_fresh(before, [self.page.get_absolute_url()])

    def test_account_status_changes_and_new_accounts(self):
        before = self.warm()
        with self.committed():
            account = Account.objects.get(pk=self.account.pk)
            account.status = "paused"
            account.save()
        changed = [f"/konton/{account.pk}/", "/konton/?status=active", "/api/v1/accounts/",
                   f"/kanaler/{self.channel.slug}/", "/konton/export.csv", "/konton/andringar.atom",
                   f"/konton/verifiera/?url={account.url}"]  # fmt: skip
        self.assert_fresh(before, changed)
        before = self.warm()
        with self.committed():
            make_account(channel=self.channel, url="https://www.facebook.com/simhallen.exempel",
                         department=self.department, name="Simhallen")  # fmt: skip
        self.assert_fresh(before, ["/konton/", "/konton/oversikt/", "/api/v1/accounts/",
                                   "/konton/export.json", "/sitemap.xml"])  # fmt: skip
        before = self.warm()
        with self.committed():
            account.status = "closed"
            account.closed_on = account.final_archive_on = datetime.date(2026, 6, 30)
            account.save()
        self.assert_fresh(before, [f"/konton/{account.pk}/", "/konton/", "/api/v1/accounts/",
                                   f"/konton/verifiera/?url={account.url}"])  # fmt: skip

    def test_renaming_a_department_and_a_channel(self):
        before = self.warm()
        with self.committed():
            department = Department.objects.get(pk=self.department.pk)
            department.name = "Biblioteket"
            department.save()
        self.assert_fresh(before, [f"/konton/{self.account.pk}/", "/konton/"])
        before = self.warm()
        with self.committed():
            channel = Channel.objects.get(pk=self.channel.pk)
            channel.name = "Meta Facebook"
            channel.save()
        self.assert_fresh(before, ["/kanaler/", f"/kanaler/{self.channel.slug}/", "/konton/"])

    def test_site_settings_and_synonyms(self):
        before = self.warm()
        with self.committed():
            SiteSettings.objects.create(org_name="Exempelregionen", org_short_name="Regionen",
                                        contact_email="webb@region.example")  # fmt: skip
        self.assert_fresh(before, ["/", "/handbok/", "/konton/", "/konton/andringar.atom"])
        self.urls.append("/sok/?q=hare")
        before = self.warm()
        with self.committed():
            Synonym.objects.create(words="hare", alternatives="kanin")
        self.assert_fresh(before, ["/sok/?q=hare"])

    def test_promoted_results_and_their_pins(self):
        # Search reads every pin once per generation (pagecache.memo): each change must reach
        # the results page, kept or not.
        before = self.warm()
        with self.committed():
            promotion = Promotion.objects.create(query="kaninerna")
            document = f"registry.account.{self.account.pk}"
            pin = PinnedResult.objects.create(promotion=promotion, document_id=document)
        self.assert_fresh(before, ["/sok/?q=kanin"])
        self.assertIn(PINNED, self.read(self.get("/sok/?q=kanin"))[1])
        before = self.warm()
        with self.committed():
            promotion.is_active = False
            promotion.save()
        self.assert_fresh(before, ["/sok/?q=kanin"])
        with self.committed():
            promotion.is_active = True
            promotion.save()
        before = self.warm()
        with self.committed():
            pin.delete()
        self.assert_fresh(before, ["/sok/?q=kanin"])
        self.assertNotIn(PINNED, self.read(self.get("/sok/?q=kanin"))[1])

    def test_a_page_rendered_before_the_commit_never_outlives_it(self):
        """A write another process commits while this one renders: the page kept under the old
        generation is unreachable once the commit has started a new one."""
        url = self.page.get_absolute_url()
        self.client.get(url)
        old = pagecache.generation()
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            self.page.title = "Om harar"
            self.page.save()
            during = pagecache.generation()
        self.assertTrue(callbacks)
        self.assertNotIn(pagecache.generation(), (old, during))
        self.assertContains(self.client.get(url), "Om harar")

    def test_a_generation_says_when_it_started(self):
        before = timezone.now()
        pagecache.forget_all()
        started = pagecache.generation_started()
        self.assertTrue(before - datetime.timedelta(seconds=1) <= started <= timezone.now())
        # A name from before generations carried their start is chance alone: no time.
        for older in ("abcdef0123456789", "9f86d081884c7d65", "zz-1", "-"):
            self.assertIsNone(pagecache.generation_started(older))

    def test_an_evicted_generation_starts_over_rather_than_reviving_old_pages(self):
        url = self.page.get_absolute_url()
        self.client.get(url)
        pagecache._cache().delete(pagecache.GENERATION_KEY)
        self.assertNotEqual(self.client.get(url).get("X-Cache"), "hit")


class Served:
    """A response as a WSGI server passes it on: status, headers and body."""

    def __init__(self, status, headers, chunks):
        self.status_code = int(status.split(" ", 1)[0])
        self.headers = dict(headers)
        self.content = b"".join(chunks)
        # Django streams a response without a length (an export): body() reads it as one.
        self.streaming = "Content-Length" not in self.headers

    def __iter__(self):
        return iter([self.content])

    def get(self, name, default=None):
        return self.headers.get(name, default)


def as_sent(url):
    """PATH_INFO as a WSGI server sends it: the path's bytes, each read as a Latin-1 letter."""
    return unquote_to_bytes(urlsplit(url).path).decode("iso-8859-1")


class ServerClient:
    """Requests through the WSGI application make prod serves (config/wsgi.py), where kept
    pages are answered before Django's request handling: what a reader's request meets. Counts
    the requests that reached Django."""

    def __init__(self):
        from config.wsgi import django_application

        def django(environ, start_response):
            self.reached_django += 1
            self.paths.append(environ["PATH_INFO"])
            return django_application(environ, start_response)

        self.application = pagecache.KeptPages(django)
        self.reached_django = 0
        self.paths = []  # PATH_INFO as each request reached Django

    def request(self, method, url, **headers):
        environ = RequestFactory().generic(method, url, **headers).environ
        environ["PATH_INFO"] = as_sent(url)  # the request wrote back its decoded path
        started = {}

        def start_response(status, response_headers, exc_info=None):
            started.update(status=status, headers=response_headers)

        # As Django's test client does: the test's transaction is not a stale connection.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = self.application(environ, start_response)
            try:
                chunks = list(result)
            finally:
                getattr(result, "close", lambda: None)()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return Served(started["status"], started["headers"], chunks)

    def get(self, url, **headers):
        path, _, query = url.partition("?")
        return self.request("GET", path, QUERY_STRING=query, **headers)


class NeverStaleThroughTheServerTests(NeverStaleTests):
    """The same changes, with every page asked for through make prod's application."""

    def setUp(self):
        super().setUp()
        self.server = ServerClient()

    def get(self, url):
        return self.server.get(url)


class KeptPagesBeforeDjangoTests(TestCase):
    """config/wsgi.py answers kept pages before Django (base.pagecache.KeptPages), and passes
    on everything it must not answer."""

    @classmethod
    def setUpTestData(cls):
        cls.page = make_page(title="Kaninsidan", slug="kaniner", body="Om kaniner.")

    def setUp(self):
        call_command("rebuild_index", interactive=False, verbosity=0)
        self.server = ServerClient()
        self.url = self.page.get_absolute_url()

    def test_a_kept_page_is_answered_without_django_as_django_answered_it(self):
        first = self.server.get(self.url)
        self.assertEqual((first.status_code, self.server.reached_django), (200, 1))
        kept = self.server.get(self.url)
        self.assertEqual(self.server.reached_django, 1)
        self.assertEqual(kept.content, first.content)
        self.assertEqual(kept.headers, {**first.headers, "X-Cache": "hit"})
        head = self.server.request("HEAD", self.url)
        self.assertEqual((head.status_code, head.get("X-Cache")), (200, "hit"))
        again = self.server.get(self.url, HTTP_IF_NONE_MATCH=first.headers["ETag"])
        self.assertEqual((again.status_code, again.content), (304, b""))
        self.assertEqual(again.get("ETag"), first.headers["ETag"])
        self.assertEqual(self.server.reached_django, 1)

    def test_what_django_must_answer_reaches_it(self):
        self.server.get(self.url)
        asked = [
            ("POST", self.url, {}),  # a vote: Django refuses it without its origin
            ("GET", self.url, {"HTTP_COOKIE": "sessionid=abc"}),  # perhaps a member of staff
            ("GET", self.url, {"HTTP_HOST": "elak.example"}),  # a host not ours: 400
            ("GET", self.url + "andra/", {}),  # never kept: 404
        ]
        for method, url, headers in asked:
            with self.subTest(method=method, headers=headers):
                reached = self.server.reached_django
                path, _, query = url.partition("?")
                response = self.server.request(method, path, QUERY_STRING=query, **headers)
                self.assertEqual(self.server.reached_django, reached + 1)
                self.assertIsNone(response.get("X-Cache"))
                if "HTTP_HOST" in headers:
                    self.assertEqual(response.status_code, 400)

    def test_an_address_in_any_script_reaches_django_as_the_server_sent_it(self):
        """A server hands Django the path's bytes as Latin-1 text; Django decodes them itself,
        so the application must pass them on as it got them."""
        for path in ("/kanaler/😀/", "/€/", "/en/handbok/😀/", "/kanaler/å/"):
            with self.subTest(path=path):
                for _ in range(2):  # and once more, when a kept 404 may answer
                    self.assertEqual(self.server.get(path).status_code, 404)
                self.assertEqual(self.server.paths[-1], as_sent(path))
        self.assertEqual(self.server.get(self.url).status_code, 200)

    def test_kept_pages_that_count_reach_django_each_time(self):
        """Search results are kept, but each search counts in the statistics and against the
        rate limit: Django serves them from its middleware."""
        for _ in range(3):
            response = self.server.get("/sok/?q=kaninsidan")
        self.assertEqual(self.server.reached_django, 3)
        self.assertEqual(response.get("X-Cache"), "hit")
        self.assertEqual(QueryStat.objects.get(query="kaninsidan").searches, 3)

    def test_a_page_kept_by_an_earlier_version_is_rendered_anew(self):
        """After an upgrade the cache may hold pages in another form: each is a miss."""
        cache_key = pagecache.key(RequestFactory().get(self.url), pagecache.generation())
        for get in (self.client.get, self.server.get):  # the middleware, then the application
            pagecache._cache().set(cache_key, HttpResponse(b"gammal sida"))
            self.assertIn("Kaninsidan", get(self.url).content.decode())
        self.assertEqual(self.server.reached_django, 1)

    def test_click_ids_and_campaign_tags_never_make_a_page_of_their_own(self):
        """Every click on a link shared on Facebook brings an fbclid of its own: the page is
        still the one kept for everyone, and no reader's click id is written into it."""
        first = self.server.get(self.url + "?fbclid=IwAR0forsta&utm_source=facebook")
        self.assertEqual(self.server.reached_django, 1)
        later = self.server.get(self.url + "?utm_campaign=kris&fbclid=IwAR0andra")
        self.assertEqual((self.server.reached_django, later.get("X-Cache")), (1, "hit"))
        self.assertEqual(later.content, first.content)
        self.assertNotIn(b"IwAR0", first.content)
        self.assertNotIn(b"utm_", first.content)
        # Django's own path keys it the same way, and the other parameters still count.
        self.assertEqual(self.client.get(self.url + "?gclid=abc").get("X-Cache"), "hit")
        found = self.client.get("/sok/?q=kaninsidan&fbclid=IwAR0tredje")
        self.assertContains(found, "Kaninsidan")
        self.assertNotContains(found, "IwAR0")

    def test_only_tracking_parameters_are_taken_off(self):
        self.assertEqual(
            pagecache.without_tracking("a=1&fbclid=x&b=2&UTM_Source=y&utm%5Fmedium=z&&c&q=utm_x"),
            "a=1&b=2&&c&q=utm_x",
        )
        for kept in ("", "q=kris", "sida=%2Fhandbok%2F%3Ffbclid%3Dx", "fbclid2=x"):
            self.assertEqual(pagecache.without_tracking(kept), kept)

    def test_a_process_reads_a_kept_page_from_the_shared_cache_once(self):
        """The process keeps its own copy of a page it served: the shared cache is asked only
        for the generation, and a write anywhere still makes the copy unreachable."""
        first = self.server.get(self.url)
        self.server.get(self.url)  # read from the shared cache, now kept near
        cache_key = pagecache.key(RequestFactory().get(self.url), pagecache.generation())
        pagecache._cache().delete(cache_key)
        kept = self.server.get(self.url)
        self.assertEqual((self.server.reached_django, kept.get("X-Cache")), (1, "hit"))
        self.assertEqual(kept.content, first.content)
        # Another process's write: only the generation in the shared cache changes.
        Page.objects.filter(pk=self.page.pk).update(title="Harsidan")
        pagecache.forget_all()
        self.assertIn("Harsidan", self.server.get(self.url).content.decode())
        self.assertEqual(self.server.reached_django, 2)

    def test_the_near_copies_stay_within_their_bytes_most_recent_first(self):
        page = pagecache.Kept(200, "OK", [], b"x" * 400, {})
        with (
            mock.patch.object(pagecache, "NEAR_BYTES", 1000),
            mock.patch.object(pagecache, "_near", OrderedDict()),
            mock.patch.object(pagecache, "_near_bytes", 0),
        ):
            cache = pagecache._cache()
            for name in ("a", "b", "c"):
                cache.set(name, page)
                pagecache.kept(cache, name)
            self.assertEqual(list(pagecache._near), ["b", "c"])
            pagecache.kept(cache, "b")  # read again: the most recent now
            cache.set("d", page)
            pagecache.kept(cache, "d")
            self.assertEqual(list(pagecache._near), ["b", "d"])
            self.assertEqual(pagecache._near_bytes, 800)

    def test_a_write_sends_the_next_reader_to_django(self):
        self.server.get(self.url)
        with self.captureOnCommitCallbacks(execute=True):
            self.page.title = "Harsidan"
            self.page.save()
        response = self.server.get(self.url)
        self.assertEqual(self.server.reached_django, 2)
        self.assertIn("Harsidan", response.content.decode())


class WhoGetsKeptPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = make_page(title="Utkastsidan", slug="utkast", is_published=True)
        cls.editor = User.objects.create_user("redaktor", password="x", is_staff=True,
                                              is_superuser=True)  # fmt: skip

    def test_anonymous_pages_can_be_kept_by_shared_caches(self):
        for url in ("/", "/handbok/", self.page.get_absolute_url(), "/konton/", "/sok/?q=sida"):
            with self.subTest(url=url):
                self.client.get(url)
                response = self.client.get(url)
                self.assertEqual(response.get("X-Cache"), "hit")
                self.assertNotIn("Cookie", response.get("Vary", ""))
                self.assertEqual(response["Cache-Control"], "public, no-cache")
                # Kept with the headers every middleware gave it when it was made.
                for header in (
                    "Content-Security-Policy",
                    "Permissions-Policy",
                    "X-Content-Type-Options",
                    "X-Frame-Options",
                    "Content-Language",
                ):
                    self.assertTrue(response.has_header(header), header)  # fmt: skip
                self.assertTrue(response.has_header("ETag"))
                again = self.client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
                self.assertEqual(again.status_code, 304)

    def test_a_head_carries_the_headers_of_the_get_and_keeps_the_page(self):
        for url in ("/", self.page.get_absolute_url(), "/konton/", "/sok/?q=sida"):
            with self.subTest(url=url):
                head = self.client.head(url)
                self.assertEqual((head.status_code, head.content), (200, b""))
                self.assertIsNone(head.get("X-Cache"))
                self.assertNotIn("Cookie", head.get("Vary", ""))
                self.assertEqual(head["Cache-Control"], "public, no-cache")
                get = self.client.get(url)
                self.assertEqual(get.get("X-Cache"), "hit")
                self.assertEqual(get["ETag"], head["ETag"])
                self.assertEqual(get["Content-Length"], head["Content-Length"])
                again = self.client.head(url, HTTP_IF_NONE_MATCH=head["ETag"])
                self.assertEqual(again.status_code, 304)

    def test_signed_in_staff_never_get_a_kept_page_and_theirs_is_never_kept(self):
        url = self.page.get_absolute_url()
        self.client.get(url)
        self.client.force_login(self.editor)
        for _ in range(2):
            response = self.client.get(url)
            self.assertIsNone(response.get("X-Cache"))
            self.assertIn("private", response["Cache-Control"])
            self.assertIn("Cookie", response["Vary"])
        self.client.logout()
        self.assertEqual(self.client.get(url).get("X-Cache"), "hit")

    def test_a_page_with_a_form_token_is_never_kept(self):
        for url in ("/logga-in/", "/konton/rapportera/", "/synpunkter/"):
            with self.subTest(url=url):
                self.client.get(url)
                response = self.client.get(url)
                self.assertIsNone(response.get("X-Cache"))
                self.assertIn("csrftoken", response.cookies)

    def test_the_admin_and_the_health_check_are_never_kept(self):
        for url in ("/admin/login/", "/healthz"):
            self.client.get(url)
            self.assertIsNone(self.client.get(url).get("X-Cache"), url)

    def test_a_kept_search_still_counts_in_the_statistics(self):
        for _ in range(3):
            self.client.get("/sok/?q=utkastsidan")
        stat = QueryStat.objects.get(query="utkastsidan")
        self.assertEqual(stat.searches, 3)

    @override_settings(PORTAL_PAGE_CACHE_SECONDS=0)
    def test_the_cache_can_be_turned_off(self):
        self.client.get("/handbok/")
        self.assertIsNone(self.client.get("/handbok/").get("X-Cache"))


class KeyTests(SimpleTestCase):
    """A kept page's key: the generation, the day and the page's whole address, worked out
    once per address and day in each process (pagecache._address, _today)."""

    def key_of(self, path="/handbok/", **meta):
        return pagecache.key(RequestFactory().get(path, **meta), "g")

    def address_of(self, path="/handbok/", **meta):
        address = RequestFactory().get(path, **meta).build_absolute_uri()
        return pagecache._digest(address)

    def test_each_part_of_the_address_makes_its_own_key_kept_or_not(self):
        requests = [
            ("/handbok/", {}),
            ("/handbok/?sida=2", {}),
            ("/handbok/?sida=3", {}),
            ("/handbok/s%C3%A4kerhet/", {}),
            ("/handbok/", {"HTTP_HOST": "localhost"}),
            ("/handbok/", {"SCRIPT_NAME": "/portal"}),
            ("/handbok/", {"wsgi.url_scheme": "https"}),
        ]
        with override_settings(ALLOWED_HOSTS=["testserver", "localhost"]):
            first = [self.key_of(path, **meta) for path, meta in requests]
            again = [self.key_of(path, **meta) for path, meta in requests]
            direct = [self.address_of(path, **meta) for path, meta in requests]
        self.assertEqual(first, again)
        self.assertEqual([key.rsplit(":", 1)[1] for key in first], direct)
        self.assertEqual(len(set(first)), len(requests))

    def test_a_host_django_refuses_is_refused_every_time(self):
        self.key_of("/handbok/")
        for _ in range(2):
            with self.assertRaises(DisallowedHost):
                self.key_of("/handbok/", HTTP_HOST="angripare.example")
        with override_settings(ALLOWED_HOSTS=["angripare.example"]):
            self.key_of("/handbok/", HTTP_HOST="angripare.example")
        with self.assertRaises(DisallowedHost):  # the setting back: refused again
            self.key_of("/handbok/", HTTP_HOST="angripare.example")

    def test_the_scheme_a_proxy_reports_makes_its_own_key(self):
        header = ("HTTP_X_FORWARDED_PROTO", "https")
        with override_settings(SECURE_PROXY_SSL_HEADER=header):
            plain = self.key_of("/handbok/", HTTP_X_FORWARDED_PROTO="http")
            secure = self.key_of("/handbok/", HTTP_X_FORWARDED_PROTO="https")
            self.assertEqual(plain, self.key_of("/handbok/", HTTP_X_FORWARDED_PROTO="http"))
            direct = self.address_of("/handbok/", HTTP_X_FORWARDED_PROTO="https")
        self.assertNotEqual(plain, secure)
        self.assertEqual(secure.rsplit(":", 1)[1], direct)

    def test_the_digests_kept_stay_within_their_bound(self):
        with mock.patch.object(pagecache, "DIGESTS_KEPT", 10):
            for n in range(25):
                self.key_of(f"/konton/?n={n}")
                self.assertLessEqual(len(pagecache._digests), 10)

    def test_the_day_changes_at_midnight_in_the_portals_time_zone_either_way(self):
        # 29 March 2026: Stockholm is two hours ahead of UTC from 01:00 UTC.
        moments = [(21, 59, 59, "2026-03-29"), (22, 0, 1, "2026-03-30"),
                   (21, 59, 59, "2026-03-29"), (23, 0, 0, "2026-03-30")]  # fmt: skip
        for hour, minute, second, day in moments:
            moment = datetime.datetime(2026, 3, 29, hour, minute, second, tzinfo=datetime.UTC)
            with mock.patch.object(timezone, "now", return_value=moment):
                self.assertEqual(self.key_of().split(":")[2], day, moment)


class MemoTests(SimpleTestCase):
    """Values many pages share, built once per generation (pagecache.memo)."""

    def test_a_process_reads_the_shared_copy_again_after_a_while(self):
        builds = []
        pagecache.forget_all()

        def build():
            builds.append(1)
            return ["första"]

        clock = [1000.0]
        with mock.patch.object(pagecache.time, "monotonic", lambda: clock[0]):
            first = pagecache.memo("test-lista", build)
            self.assertIs(pagecache.memo("test-lista", build), first)
            # Changed behind the signals' back (a shell's QuerySet.update, say): not seen yet...
            shared = f"memo:{pagecache.generation()}:test-lista"
            pagecache._cache().set(shared, ["ändrad"], 60)
            clock[0] += pagecache.NEAR_SECONDS - 1
            self.assertEqual(pagecache.memo("test-lista", build), ["första"])
            # ...and once the process's copy has had its time, the shared copy is read again.
            clock[0] += 2
            self.assertEqual(pagecache.memo("test-lista", build), ["ändrad"])
            pagecache.forget_all()  # a write: built anew
            self.assertEqual(pagecache.memo("test-lista", build), ["första"])
        self.assertEqual(len(builds), 2)
