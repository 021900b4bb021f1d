import datetime
import re

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from handbook.models import Resource
from handbook.views import HandbookIndexView
from tests.clock import today_is
from tests.factories import make_page, make_section, make_tip


class HandbookStartPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = make_section(title="Kom igång", slug="kom-igang")
        cls.page = make_page(section=cls.section, title="Frågor innan du börjar")
        cls.draft = make_page(section=cls.section, title="Hemligt utkast", is_published=False)
        cls.tip = make_tip(
            title="Att tänka på – Facebook", body="Max 1–2 inlägg per dag.", page=cls.page
        )

    def test_start_page_lists_sections_pages_and_cards(self):
        response = self.client.get("/handbok/")
        self.assertContains(response, "Vad vill du veta mer om?")
        self.assertContains(response, 'href="/handbok/kom-igang/"')
        self.assertContains(response, "Frågor innan du börjar")
        self.assertNotContains(response, "Hemligt utkast")

    def test_cards_open_without_javascript(self):
        response = self.client.get("/handbok/")
        self.assertContains(response, '<details class="tip">')
        self.assertContains(response, '<summary lang="sv">Att tänka på – Facebook</summary>')
        self.assertContains(response, "Max 1–2 inlägg per dag.")
        self.assertContains(response, self.page.get_absolute_url())


class LargeSectionStartPageTests(TestCase):
    """A section with more pages than the start page lists: its first pages, in order, and a
    link to the section with the number of pages the reader may see."""

    @classmethod
    def setUpTestData(cls):
        cls.section = make_section(title="Stort avsnitt", slug="stort")
        # Made in reverse, so that order (not id) must decide which come first.
        for n in reversed(range(12)):
            make_page(section=cls.section, title=f"Sida nummer {n:02}", slug=f"s{n}", order=n + 1)
        make_page(section=cls.section, title="Ett utkast först", slug="utkast", order=0,
                  is_published=False)  # fmt: skip
        cls.small = make_section(title="Litet avsnitt", slug="litet")
        make_page(section=cls.small, title="Ensam sida", slug="ensam")

    def listed(self, response):
        return re.findall(r'<a href="/handbok/stort/([^"]+)/" lang="sv">', response.text)

    def test_the_first_pages_in_order_and_a_link_counting_the_published(self):
        response = self.client.get("/handbok/")
        shown = HandbookIndexView.pages_per_section
        self.assertEqual(self.listed(response), [f"s{n}" for n in range(shown)])
        self.assertContains(response, '<a href="/handbok/stort/">Alla 12 sidor i avsnittet<span '
                            'class="visually-hidden">: <span lang="sv">Stort avsnitt</span></span>'
                            "</a>", html=True)  # fmt: skip
        self.assertNotContains(response, "Ett utkast först")
        self.assertContains(response, 'href="/handbok/litet/ensam/"')
        self.assertEqual(response.text.count("i avsnittet<span"), 1)  # not for one shown whole

    def test_staff_count_and_see_the_draft(self):
        self.client.force_login(get_user_model().objects.create_user("redaktor", is_staff=True))
        response = self.client.get("/handbok/")
        shown = HandbookIndexView.pages_per_section
        self.assertEqual(self.listed(response), ["utkast"] + [f"s{n}" for n in range(shown - 1)])
        self.assertContains(response, "Alla 13 sidor i avsnittet")

    def test_english(self):
        self.assertContains(self.client.get("/en/handbok/"), "All 12 pages in the section")

    def test_each_sections_first_pages_are_read_from_the_index_not_ranked(self):
        # Ranking every page to keep each section's first eight read all 5 000 pages at
        # national size (7-14 ms of SQL); the index gives a section's first pages in order.
        with CaptureQueriesContext(connection) as queries:
            self.client.get("/handbok/?n=1")
        [listed] = [q["sql"] for q in queries if "LIMIT 8" in q["sql"]]
        [sections] = [q["sql"] for q in queries if "visible_page_count" in q["sql"]]
        self.assertNotIn("ROW_NUMBER", listed)
        # Counted from the index on PostgreSQL: a count of the id read every page's row.
        self.assertIn("COUNT(*)", sections)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + listed)
                plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
                self.assertIn("CORRELATED LIST SUBQUERY", plan)
                self.assertIn("USING COVERING INDEX handbook_page_listed (section_id=?)", plan)
            else:
                cursor.execute("EXPLAIN " + listed)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                self.assertIn("unnest(ARRAY(", listed)
                self.assertNotIn("WindowAgg", plan)


class PageListHtmlTests(TestCase):
    """The start page's and a section menu's lists of pages are written by a tag (page_items,
    handbook/templatetags/handbook.py); this is the HTML it gives."""

    def test_titles_are_escaped_and_the_current_page_marked_in_its_language(self):
        section = make_section(title="Avsnitt", slug="avsnitt")
        make_page(section=section, title='<b>Fet & "citerad"</b>', slug="fet", order=1)
        make_page(section=section, title="In English", slug="engelska", language="en", order=2)
        start = self.client.get("/handbok/").content.decode()
        page = self.client.get("/handbok/avsnitt/engelska/").content.decode()
        hostile = ('<li><a href="/handbok/avsnitt/fet/" lang="sv">'
                   "&lt;b&gt;Fet &amp; &quot;citerad&quot;&lt;/b&gt;</a></li>")  # fmt: skip
        self.assertIn(hostile, start)
        self.assertIn(hostile, page)
        self.assertNotIn("<b>Fet", start + page)
        self.assertIn('<li><a href="/handbok/avsnitt/engelska/" lang="en">In English</a></li>',
                      start)  # fmt: skip
        self.assertIn('<li><a href="/handbok/avsnitt/engelska/" aria-current="page" lang="en">'
                      "In English</a></li>", page)  # fmt: skip
        menu = page[page.index('<nav class="section-nav"') :]
        self.assertEqual(menu[: menu.index("</nav>")].count("aria-current"), 1)


class PageViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = make_section(title="Säkerhet", slug="sakerhet")
        cls.first = make_page(section=cls.section, title="Första", slug="forsta", order=1)
        cls.page = make_page(
            section=cls.section,
            title="Skydda ditt konto",
            slug="skydda-ditt-konto",
            order=2,
            body="## Slå på tvåstegsverifiering\n\nGör det nu.\n\n## Om kontot kapas\n\nAgera.",
            tags=["säkerhet", "konto"],
            last_reviewed=datetime.date(2026, 5, 10),
            review_interval_months=6,
            owner="IT-säkerhetsfunktionen",
        )
        cls.last = make_page(section=cls.section, title="Sista", slug="sista", order=3)
        cls.other = make_page(title="Arkivering", slug="arkivering")
        cls.page.related.add(cls.other)

    def test_page_shows_breadcrumbs_contents_owner_and_review_dates(self):
        response = self.client.get("/handbok/sakerhet/skydda-ditt-konto/")
        self.assertContains(response, '<nav class="breadcrumbs"')
        self.assertContains(response, '<a href="/handbok/sakerhet/">Säkerhet</a>')
        self.assertContains(response, '<a href="#h-slå-på-tvåstegsverifiering">')
        self.assertContains(response, "IT-säkerhetsfunktionen")
        self.assertContains(response, '<time datetime="2026-05-10">10 maj 2026</time>')
        self.assertContains(response, '<time datetime="2026-11-10">10 november 2026</time>')

    def test_the_review_badge_appears_on_the_review_date(self):
        url = "/handbok/sakerhet/skydda-ditt-konto/"  # next review 10 November 2026
        with today_is(datetime.date(2026, 11, 9)):
            self.assertNotContains(self.client.get(url), "Dags för granskning")
        with today_is(datetime.date(2026, 11, 10)):
            self.assertContains(self.client.get(url), "Dags för granskning")

    def test_page_links_tags_related_and_neighbours(self):
        response = self.client.get("/handbok/sakerhet/skydda-ditt-konto/")
        self.assertContains(response, 'href="/handbok/amne/sakerhet/"')
        self.assertContains(response, self.other.get_absolute_url())
        self.assertContains(response, 'rel="prev" href="/handbok/sakerhet/forsta/"')
        self.assertContains(response, 'rel="next" href="/handbok/sakerhet/sista/"')

    def test_tag_page_lists_pages_with_that_tag(self):
        response = self.client.get("/handbok/amne/sakerhet/")
        self.assertContains(response, "Ämne: säkerhet")
        self.assertContains(response, "Skydda ditt konto")
        self.assertNotContains(response, "Arkivering")
        self.assertEqual(self.client.get("/handbok/amne/finns-inte/").status_code, 404)

    def test_print_view_shows_every_page_of_the_section_without_duplicate_ids(self):
        response = self.client.get("/handbok/sakerhet/utskrift/")
        for title in ("Första", "Skydda ditt konto", "Sista"):
            self.assertContains(response, f'<h2 lang="sv">{title}</h2>')
        self.assertNotContains(response, 'id="h-')


class UnpublishedPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.draft = make_page(title="Utkast", slug="utkast", is_published=False)
        User = get_user_model()  # noqa: N806
        cls.staff = User.objects.create_user("redaktor", password="x", is_staff=True)
        cls.member = User.objects.create_user("medarbetare", password="x")

    def test_unpublished_page_is_404_for_anonymous_and_non_staff(self):
        url = self.draft.get_absolute_url()
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_staff_see_the_draft_marked_as_such(self):
        self.client.force_login(self.staff)
        response = self.client.get(self.draft.get_absolute_url())
        self.assertContains(response, "Utkast: sidan är inte publicerad")


class QueryCountTests(TestCase):
    """Query counts are pinned and do not grow with pages, tags or related pages."""

    def build(self, section, pages):
        created = [
            make_page(section=section, tags=[f"ämne {i}", f"tagg {i}", "delad"])
            for i in range(pages)
        ]
        for page in created:
            page.related.add(*created[:pages])
        make_tip(page=created[0])
        return created

    def assert_constant(self, url, expected, grow):
        """The same number of queries before and after grow(), whose pages the answer shows."""
        with self.assertNumQueries(expected):
            response = self.client.get(url())
        self.assertEqual(response.status_code, 200)
        shown = grow()
        with self.assertNumQueries(expected):
            response = self.client.get(url())
        for page in shown:
            self.assertContains(response, page.title)  # also checks the status

    def test_start_page(self):
        section = make_section()
        self.build(section, 2)
        self.assert_constant(
            lambda: "/handbok/",
            3,
            lambda: [page for _ in range(3) for page in self.build(make_section(), 6)],
        )

    def test_section_page(self):
        section = make_section()
        self.build(section, 2)
        self.assert_constant(section.get_absolute_url, 2, lambda: self.build(section, 10))

    def test_page_view(self):
        section = make_section()
        page = self.build(section, 2)[0]

        def grow():
            more = self.build(section, 10)
            page.related.add(*more)
            for n in range(5):
                Resource.objects.create(page=page, title=f"Källa {n}", publisher="Utgivare",
                                        why="Bra.", url=f"https://example.org/{n}")  # fmt: skip
            return more

        # Page, tags, resources, related pages, the section's pages and the change history.
        self.assert_constant(page.get_absolute_url, 6, grow)

    def test_print_view(self):
        section = make_section()
        self.build(section, 2)
        self.assert_constant(
            lambda: f"{section.get_absolute_url()}utskrift/", 2, lambda: self.build(section, 8)
        )

    def test_tag_page(self):
        section = make_section()
        self.build(section, 2)
        self.assert_constant(
            lambda: "/handbok/amne/delad/", 2, lambda: self.build(make_section(), 8)
        )


class DraftLeakTests(TestCase):
    def test_a_section_with_only_drafts_is_not_public(self):
        section = make_section(title="Hemligt avsnitt", intro="Planerad omorganisation.")
        make_page(section=section, is_published=False)
        for user in (None, get_user_model().objects.create_user("medarbetare")):
            if user:
                self.client.force_login(user)
            self.assertEqual(self.client.get(section.get_absolute_url()).status_code, 404)
            self.assertEqual(self.client.get(f"{section.get_absolute_url()}utskrift/").status_code,
                             404)  # fmt: skip
            self.assertNotContains(self.client.get("/handbok/"), "Hemligt avsnitt")
            self.assertNotContains(self.client.get("/"), "Hemligt avsnitt")
        staff = get_user_model().objects.create_user("redaktor", is_staff=True)
        self.client.force_login(staff)
        self.assertContains(self.client.get(section.get_absolute_url()), "Hemligt avsnitt")
