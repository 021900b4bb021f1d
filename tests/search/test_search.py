from django.core.management import call_command
from django.test import TestCase
from haystack import connections

from tests.factories import make_page


class SearchTestCase(TestCase):
    def setUp(self):
        connections["default"].get_backend().clear()

    def save(self, page):
        # The index follows the database after commit; run those callbacks now.
        with self.captureOnCommitCallbacks(execute=True):
            page.save()
        return page

    def create(self, **fields):
        with self.captureOnCommitCallbacks(execute=True):
            return make_page(**fields)


class SearchResultsTests(SearchTestCase):
    def test_published_page_is_found_with_highlighted_snippet(self):
        self.create(
            title="Skydda ditt konto",
            body="## Säkerhet\n\nSlå på tvåstegsverifiering innan du publicerar något.",
            tags=["säkerhet"],
        )
        response = self.client.get("/sok/", {"q": "tvåstegsverifiering"})
        self.assertContains(response, "1 träff för ”tvåstegsverifiering”")
        self.assertContains(response, "Skydda ditt konto")
        self.assertContains(response, "<mark")
        self.assertContains(response, ">tvåstegsverifiering</mark>")

    def test_swedish_stemming_joins_plural_and_definite_forms(self):
        self.create(title="Hashtaggar", body="Använd hashtaggarna med omsorg i dina inlägg.")
        for query in ("hashtagg", "hashtaggar", "inläggen"):
            response = self.client.get("/sok/", {"q": query})
            self.assertContains(response, "1 träff", msg_prefix=query)

    def test_unpublishing_and_deleting_remove_the_page_from_search(self):
        page = self.create(title="Arkivering av inlägg", body="Arkivera allt.")
        self.assertContains(self.client.get("/sok/", {"q": "arkivera"}), "1 träff")
        page.is_published = False
        self.save(page)
        self.assertContains(self.client.get("/sok/", {"q": "arkivera"}), "0 träffar")
        page.is_published = True
        self.save(page)
        self.assertContains(self.client.get("/sok/", {"q": "arkivera"}), "1 träff")
        with self.captureOnCommitCallbacks(execute=True):
            page.delete()
        self.assertContains(self.client.get("/sok/", {"q": "arkivera"}), "0 träffar")

    def test_draft_is_never_indexed(self):
        self.create(title="Hemligt utkast", body="Konfidentiell plan.", is_published=False)
        self.assertContains(self.client.get("/sok/", {"q": "konfidentiell"}), "0 träffar")

    def test_tag_change_reaches_the_index(self):
        page = self.create(title="En sida", body="Text.")
        with self.captureOnCommitCallbacks(execute=True):
            page.tags.add("krishantering")
        self.assertContains(self.client.get("/sok/", {"q": "krishantering"}), "1 träff")

    def test_snippet_escapes_html_from_the_body(self):
        self.create(
            title="Kod",
            body="Skriv aldrig `<b>fet</b>` eller &lt;script&gt;alert(1)&lt;/script&gt; i kontot.",
        )
        response = self.client.get("/sok/", {"q": "kontot"})
        self.assertContains(response, "1 träff")
        self.assertNotContains(response, "<script>alert")
        self.assertNotContains(response, "<b>fet</b>")

    def test_results_are_paginated_with_the_query_kept(self):
        for i in range(12):
            self.create(title=f"Algoritmer {i}", body="Algoritmerna styr flödet.")
        response = self.client.get("/sok/", {"q": "algoritmerna"})
        self.assertContains(response, "12 träffar")
        self.assertContains(response, 'href="?q=algoritmerna&amp;sida=2"')
        second = self.client.get("/sok/", {"q": "algoritmerna", "sida": 2})
        self.assertEqual(len(second.context["page_obj"].object_list), 2)

    def test_rebuild_index_indexes_published_pages_only(self):
        make_page(title="Publicerad om gallring", body="Gallring.")
        make_page(title="Utkast om gallring", body="Gallring.", is_published=False)
        call_command("rebuild_index", interactive=False, verbosity=0)
        response = self.client.get("/sok/", {"q": "gallring"})
        self.assertContains(response, "1 träff")
        self.assertContains(response, "Publicerad om gallring")


class SearchInputTests(SearchTestCase):
    """Odd input never breaks the page; the query is shown escaped."""

    def test_odd_queries_answer_200(self):
        self.create(title="Konto", body="Text om konto.")
        queries = [
            "", "   ", "x" * 2000, '"obalanserad', "(((", "AND", "OR NOT", "*", "?", "~",
            "title:konto", "konto\x00\x01", "<script>alert(1)</script>",
            "'; DROP TABLE handbook_page; --", "konto^3", "[a TO z]", "ä" * 300,
        ]  # fmt: skip
        for query in queries:
            response = self.client.get("/sok/", {"q": query})
            self.assertEqual(response.status_code, 200, repr(query))
            self.assertNotContains(response, "<script>alert(1)</script>")

    def test_empty_query_shows_help_instead_of_results(self):
        response = self.client.get("/sok/")
        self.assertContains(response, "Sök i handboken.")
        self.assertNotContains(response, "träff")
