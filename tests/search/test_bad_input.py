"""Whatever is typed, the results page answers 200 with the query shown escaped."""

from django.test import override_settings
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from search.forms import MAX_QUERY_LENGTH

from .helpers import SearchTestCase

ODD_QUERIES = [
    "", "   ", "\t\n", "x" * 2000, "konto " * 400, '"obalanserad', 'konto "', '""', "(((", ")",
    "[a TO z]", "{", "AND", "OR NOT", "NOT konto", "konto AND", "*", "?", "~", "konto~2",
    "kont*", "title:konto", "text:", "id:handbook.page.1", "konto^3", "\\", "/",
    "konto\x00", "\x00", "\x01\x02\x1b[31m", "\u202e\u200b", "<script>alert(1)</script>",
    "'; DROP TABLE handbook_page; --", "1 OR 1=1", "%00", "%s %(x)s {0}", "ä" * 300,
    "🙂 konto", "a\u030Ar",
]  # fmt: skip


class OddInputTests(SearchTestCase):
    def test_odd_queries_answer_200_with_the_query_escaped(self):
        self.create(title="Konto", body="Text om konto.")
        for query in ODD_QUERIES:
            with self.subTest(query=query[:40]):
                response = self.search(query)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "<script>alert(1)</script>")
                shown = response.context["query"]
                self.assertLessEqual(len(shown), MAX_QUERY_LENGTH)
                self.assertNotIn("\x00", shown)
                if shown:
                    self.assertContains(response, f'value="{escape(shown)}"')

    def test_operators_are_words_not_syntax(self):
        self.create(title="Konto", body="Text om konto.")
        self.assertContains(self.search("title:konto"), "1 träff")  # "title" is just a word
        self.assertContains(self.search("konto AND"), "1 träff")
        self.assertContains(self.search("NOT konto"), "1 träff")


# It reads the view's context, which a page served from the page cache does not have.
@override_settings(PORTAL_PAGE_CACHE_SECONDS=0)
class PropertyTests(HypothesisTestCase):
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.text(max_size=300) | st.from_regex(r'[ "()*?~:^\[\]{}\\A-Za-zåäö]{0,40}'))
    def test_any_string_gives_a_sensible_page(self, query):
        response = self.client.get("/sok/", {"q": query})
        self.assertEqual(response.status_code, 200)
        shown = response.context["query"]
        self.assertLessEqual(len(shown), MAX_QUERY_LENGTH)
        self.assertTrue(all(ch.isprintable() for ch in shown))
        if shown:
            self.assertContains(response, f'value="{escape(shown)}"')
