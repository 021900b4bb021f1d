import re
from unittest import mock

import whoosh.writing
from django.contrib.auth.models import User
from django.test import SimpleTestCase
from haystack import connections

from search.backends.text import EXACT_TITLE_ROOM, parse, snippet
from search.backends.whoosh import query as whoosh_query
from search.engine import search
from search.models import PinnedResult, Promotion, QueryStat
from tests.factories import demo_channels, make_account, make_section

from .helpers import SearchTestCase


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


class SwedishMatchingTests(SearchTestCase):
    def test_the_issues_forms_find_each_other(self):
        self.create(title="Om kontot", body="Ett konto per verksamhet räcker.")
        self.create(title="Inläggen", body="Skriv korta inlägg.")
        self.create(title="Algoritmer", body="Algoritmen bestämmer.")
        for query, title in [
            ("konton", "Om kontot"), ("kontot", "Om kontot"), ("KONTO", "Om kontot"),
            ("inlägget", "Inläggen"), ("inlagg", "Inläggen"), ("INLAGGEN", "Inläggen"),
            ("algoritmerna", "Algoritmer"),
        ]:  # fmt: skip
            with self.subTest(query=query):
                response = self.search(query)
                self.assertContains(response, "1 träff")
                self.assertContains(response, title)

    def test_query_with_diacritics_does_not_match_a_different_word(self):
        self.create(title="Far och barn", body="En far.")
        self.assertContains(self.search("får"), "0 träffar")

    def test_title_ranks_above_body(self):
        body = "Krisinformation, krisinformation och mer krisinformation."
        self.create(title="Om film", body=body)
        self.create(title="Krisinformation", body="Vad som gäller.")
        hits = self.search("krisinformation").context["results"].hits
        self.assertEqual(hits[0].title, "Krisinformation")

    def test_exact_title_is_offered_first_and_marked(self):
        for n in range(3):
            self.create(title=f"Guide {n}", body="Hashtaggar hashtaggar hashtaggar.")
        self.create(title="Hashtaggar", body="En kort text om märkning.", summary="Om hashtaggar.")
        response = self.search("hashtaggar")
        hits = response.context["results"].hits
        self.assertEqual((hits[0].title, hits[0].exact), ("Hashtaggar", True))
        self.assertContains(response, '<span class="badge">Exakt titel</span>', count=1)


class FacetTests(SearchTestCase):
    def setUp(self):
        super().setUp()
        channels = demo_channels()
        connections["default"].get_backend().clear()  # just the three documents below
        with self.captureOnCommitCallbacks(execute=True):
            self.create(title="Säkerhet för konton", body="Tvåstegsverifiering.",
                        tags=["säkerhet"])  # fmt: skip
            self.create(title="Kontots lösenord", body="Byt lösenord.",
                        tags=["säkerhet", "lösenord"])  # fmt: skip
            make_account(channel=channels["tiktok"], name="Ungdomens konto",
                         url="https://www.tiktok.com/@exstad_facett",
                         purpose="Tvåstegsverifiering är påslagen.")  # fmt: skip

    def test_type_facets_count_and_narrow(self):
        response = self.search("tvåstegsverifiering")
        self.assertContains(response, "2 träffar")
        self.assertContains(response, 'aria-current="true">Alla <span class="count">(2)</span>')
        self.assertContains(response, 'href="?q=tv%C3%A5stegsverifiering&amp;typ=konton"')
        self.assertContains(response, 'Konton <span class="count">(1)</span>')
        narrowed = self.search("tvåstegsverifiering", typ="konton")
        self.assertContains(narrowed, "1 träff")
        self.assertContains(narrowed, "Ungdomens konto")
        self.assertNotContains(narrowed, "Säkerhet för konton</a>")
        # The type counts still say what the other types hold.
        self.assertContains(narrowed, 'Handbok <span class="count">(1)</span>')

    def test_tag_and_channel_facets_with_a_way_back(self):
        response = self.search("konto")
        self.assertContains(response, "<h2>Ämnen</h2>")
        self.assertContains(response, 'säkerhet <span class="count">(2)</span>')
        self.assertContains(response, 'TikTok <span class="count">(1)</span>')
        narrowed = self.search("konto", tagg="lösenord")
        self.assertContains(narrowed, "1 träff")
        self.assertContains(narrowed, "Kontots lösenord")
        self.assertContains(narrowed, 'href="?q=konto" aria-current="true">lösenord')
        by_channel = self.search("konto", kanal="TikTok")
        self.assertContains(by_channel, "1 träff")
        self.assertContains(by_channel, "Ungdomens konto")

    def test_unknown_filter_values_answer_200_with_a_way_back(self):
        response = self.search("konto", typ="bloggar", tagg="finns-inte", kanal="<b>")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "0 träffar")
        self.assertContains(response, "Sök i allt igen, utan avgränsningarna")
        self.assertNotContains(response, "<b></a>")

    def test_pagination_keeps_the_filters(self):
        for n in range(12):
            self.create(title=f"Sida om kris {n}", body="Kris.", tags=["kris"])
        response = self.search("kris", tagg="kris")
        self.assertContains(response, 'href="?q=kris&amp;tagg=kris&amp;sida=2"')


class HelpWhenLittleIsFoundTests(SearchTestCase):
    def test_a_misspelling_that_finds_nothing_shows_the_respelling_and_says_so(self):
        self.create(title="Skydda kontot", body="Slå på tvåstegsverifiering i dag.")
        response = self.search("tvåstegsverifering")
        self.assertContains(
            response,
            "Inget hittades för ”tvåstegsverifering”. Här är träffarna för ”tvåstegsverifiering”.",
        )
        self.assertContains(response, "1 träff för ”tvåstegsverifiering”")
        self.assertContains(response, "Skydda kontot")
        self.assertNotContains(response, "Menade du")

    def test_suggestion_when_some_words_were_found(self):
        self.create(title="Skydda kontot", body="Slå på tvåstegsverifiering för kontot.")
        response = self.search("kontot tvåstegsverifering")  # "kontot" finds it alone
        self.assertContains(response, "Ingen sida innehöll alla dina ord.")
        self.assertContains(
            response,
            'Menade du <a href="?q=kontot%20tv%C3%A5stegsverifiering">kontot '
            "tvåstegsverifiering</a>?",
        )

    def test_a_misspelt_word_is_found_in_any_segment_with_one_automaton(self):
        backend = connections["default"].get_backend()
        if not hasattr(backend, "store"):
            self.skipTest("segments are the embedded engine's (Whoosh)")
        self.enterContext(mock.patch.object(whoosh.writing, "MERGE_SMALL", whoosh.writing.NO_MERGE))
        for title in ("Gallring av inlägg", "Arkivering av konton", "Upphovsrätt för bilder"):
            self.create(title=title, body=f"{title}.")
        with backend.store.searcher() as searcher:
            self.assertEqual(len(searcher.reader().leaf_readers()), 3)
        built = mock.Mock(wraps=whoosh_query.levenshtein_automaton)
        with mock.patch.object(whoosh_query, "levenshtein_automaton", built):
            first = search("upphovsrat")  # the last segment's word
            again = search("arkiverng")  # the second's
            self.assertEqual(search("x" + "yz" * 20).total, 0)  # too long to respell
        self.assertEqual((first.corrected_from, first.query), ("upphovsrat", "upphovsrätt"))
        self.assertEqual((again.corrected_from, again.query), ("arkiverng", "arkivering"))
        # One automaton per misspelt word, not one per segment, and none for a long one.
        self.assertEqual(built.call_count, 2)

    def test_suggestion_is_a_written_word_not_a_stem(self):
        self.create(title="Sidor", body="Den här sidan och de andra sidorna.")
        results = self.search("sidn").context["results"]
        self.assertEqual(results.corrected_from, "sidn")
        self.assertIn(results.query, {"sida", "sidan", "sidor"})  # never the stem "sid"

    def test_no_suggestion_far_from_what_was_typed(self):
        # "komvux" is two letters from the stem of "kommunen", and four from the word: no
        # respelling the reader could have meant, so none, and nothing shown instead.
        self.create(title="Kommunen", body="Kommunen och kommunens konton.")
        results = self.search("komvux").context["results"]
        self.assertEqual((results.total, results.suggestion, results.corrected_from), (0, "", ""))

    def test_a_suggestion_keeps_the_readers_ending(self):
        self.create(title="Flödet", body="Algoritmer styr vad som visas.")
        results = self.search("algorytmer").context["results"]
        self.assertEqual((results.corrected_from, results.query), ("algorytmer", "algoritmer"))

    def test_words_typed_without_diacritics_are_marked(self):
        self.create(
            title="Publicera", body="Hur ofta ska vi publicera inlägg? Inläggen ska vara korta."
        )
        response = self.search("inlagg")
        self.assertContains(response, "<mark>inlägg</mark>")
        self.assertContains(response, "<mark>Inläggen</mark>")

    def test_no_suggestion_when_the_query_finds_enough(self):
        for n in range(3):
            self.create(title=f"Konto {n}", body="Konto.")
        self.assertEqual(self.search("konto").context["results"].suggestion, "")

    def test_any_word_fallback_is_explained(self):
        self.create(title="Arkivering", body="Arkivera inlägg.")
        response = self.search("arkivering zebrafink")
        self.assertContains(response, "Ingen sida innehöll alla dina ord.")
        self.assertContains(response, "Arkivering")

    def test_empty_state_helps(self):
        response = self.search("zebrafink")
        self.assertContains(response, "Inga sidor matchade")
        self.assertContains(response, 'href="/konton/verifiera/"')
        self.assertContains(response, 'href="/handbok/"')

    def test_only_common_words(self):
        response = self.search("och det")
        self.assertContains(response, "bara vanliga småord")


class FreshnessThroughTheAdminTests(SearchTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(User.objects.create_superuser("redaktor", "r@example.org", "pw"))
        self.section = make_section()

    def post(self, url, data):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        return response

    def form(self, **changes):
        data = {
            "section": self.section.pk, "title": "Krisberedskap i kanalerna", "slug": "kris",
            "summary": "Kort.", "body": "Förbered en krisplan.", "owner": "Enheten",
            "owner_email": "e@example.org", "last_reviewed": "2026-11-01",
            "review_interval_months": 12, "order": 0, "is_published": "on", "tags": "kris",
        }  # fmt: skip
        data.update(changes)
        return data

    def test_save_publish_unpublish_and_delete_show_at_once(self):
        self.post("/admin/handbook/page/add/", self.form())
        self.assertContains(self.search("krisplan"), "1 träff")
        page = self.section.pages.get()

        change = f"/admin/handbook/page/{page.pk}/change/"
        self.post(change, self.form(body="Öva på krisen."))  # a draft: readers search as before
        self.assertContains(self.search("krisplan"), "1 träff")
        self.assertContains(self.search("öva"), "0 träffar")
        self.post(change, self.form(body="Öva på krisen.", _publish="1"))
        self.assertContains(self.search("krisplan"), "0 träffar")
        self.assertContains(self.search("öva"), "1 träff")

        action = {"_selected_action": [page.pk]}
        self.post("/admin/handbook/page/", {"action": "unpublish", **action})
        self.assertContains(self.search("öva"), "0 träffar")
        self.post("/admin/handbook/page/", {"action": "publish", **action})
        self.assertContains(self.search("öva"), "1 träff")

        self.post(f"/admin/handbook/page/{page.pk}/delete/", {"post": "yes"})
        self.assertContains(self.search("öva"), "0 träffar")

    def test_renaming_a_section_updates_its_pages_results(self):
        self.create(section=self.section, title="Beredskap", body="Krisplan.")
        self.section.title = "Nytt namn på avsnittet"
        self.save(self.section)
        self.assertContains(self.search("krisplan"), "Handbok › Nytt namn på avsnittet")


class PromotionTests(SearchTestCase):
    def test_pinned_page_comes_first_for_any_form_of_the_query(self):
        for n in range(3):
            self.create(title=f"Kapat konto {n}", body="Kapat konto.")
        target = self.create(title="Ring IT-säkerhet", body="Numret till jouren.")
        promotion = Promotion.objects.create(query="kapat konto")
        PinnedResult.objects.create(promotion=promotion, document_id=f"handbook.page.{target.pk}")
        for query in ("kapat konto", "Konton kapat", "kapat kontot"):
            with self.subTest(query=query):
                response = self.search(query)
                hits = response.context["results"].hits
                self.assertEqual((hits[0].title, hits[0].pinned), ("Ring IT-säkerhet", True))
                self.assertContains(response, '<span class="badge">Rekommenderad</span>')
                self.assertContains(response, "4 träffar")

    def test_unpublished_pinned_page_is_not_shown(self):
        target = self.create(title="Utkast", body="Hemligt.", is_published=False)
        self.create(title="Kapat konto", body="Text.")
        PinnedResult.objects.create(promotion=Promotion.objects.create(query="kapat"),
                                    document_id=f"handbook.page.{target.pk}")  # fmt: skip
        response = self.search("kapat")
        self.assertContains(response, "1 träff")
        self.assertNotContains(response, "Utkast")

    def test_any_indexed_object_can_be_pinned_through_the_admin(self):
        channels = demo_channels()
        with self.captureOnCommitCallbacks(execute=True):
            channel = channels["tiktok"]
            channel.save()
            self.create(title="Kortfilm i tjänsten", body="Kortfilm.")
        self.client.force_login(User.objects.create_superuser("a", "a@example.org", "pw"))
        form = self.client.get("/admin/search/promotion/add/")
        self.assertContains(form, f'<option value="channels.channel.{channel.pk}">TikTok</option>')
        self.assertContains(form, '<optgroup label="Kanaler">')
        response = self.client.post("/admin/search/promotion/add/", {
            "query": "kortfilm", "is_active": "on", "note": "",
            "pins-TOTAL_FORMS": 1, "pins-INITIAL_FORMS": 0,
            "pins-0-position": 0, "pins-0-document_id": f"channels.channel.{channel.pk}",
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        hits = self.search("kortfilm").context["results"].hits
        self.assertEqual((hits[0].title, hits[0].pinned), ("TikTok", True))
        refused = self.client.post("/admin/search/promotion/add/", {
            "query": "annat", "is_active": "on", "note": "",
            "pins-TOTAL_FORMS": 1, "pins-INITIAL_FORMS": 0,
            "pins-0-position": 0, "pins-0-document_id": "handbook.page.999999",
        })  # fmt: skip
        self.assertEqual(refused.status_code, 200)  # not an object the index holds

    def test_admin_refuses_a_second_promotion_for_the_same_query(self):
        Promotion.objects.create(query="kapat konto")
        self.client.force_login(User.objects.create_superuser("a", "a@example.org", "pw"))
        response = self.client.post("/admin/search/promotion/add/", {
            "query": "Konton kapade", "is_active": "on", "note": "",
            "pins-TOTAL_FORMS": 0, "pins-INITIAL_FORMS": 0,
        })  # fmt: skip
        self.assertContains(response, "Sökningen ”kapat konto” har redan rekommenderade träffar.")


class QueryReportTests(SearchTestCase):
    def test_searches_are_counted_per_day_without_personal_data(self):
        self.create(title="Konto", body="Text.")
        for query in ("Konto", "konto", "  KONTO ", "zebrafink"):
            self.search(query)
        self.search("konto", sida=2)  # paging is not a new search
        self.search("anna.svensson@example.org")
        self.search("ring 070-123 45 67")
        stats = {row.query: (row.searches, row.zero_results) for row in QueryStat.objects.all()}
        self.assertEqual(stats, {"konto": (3, 0), "zebrafink": (1, 1)})
        fields = {field.name for field in QueryStat._meta.get_fields()}
        self.assertEqual(fields, {"id", "day", "query", "searches", "zero_results"})

    def test_admin_report_lists_top_and_zero_result_queries(self):
        self.search("zebrafink")
        self.create(title="Konto", body="Text.")
        self.search("konto")
        self.search("konto")
        self.client.force_login(User.objects.create_superuser("a", "a@example.org", "pw"))
        response = self.client.get("/admin/search/querystat/")
        self.assertContains(response, "Mest sökt")
        self.assertContains(response, '<a href="/sok/?q=konto">konto</a></td><td>2</td><td>0</td>')
        self.assertContains(response, '<a href="/sok/?q=zebrafink">zebrafink</a></td><td>1</td>')
        self.assertEqual(self.client.get("/admin/search/querystat/?dagar=banan").status_code, 200)


class CountsOverManyDocumentsTests(SearchTestCase):
    """Totals, facet counts and exact titles first, with more documents than a byte of the
    Whoosh engine's document masks holds, saved one by one (so in several index segments);
    its sets kept as tuples, and then all as masks."""

    TITLED = (77, 80, 82, 83)  # pages named "Krisberedskap", all with the word in their text

    def test_counts_follow_every_document(self):
        numbers = range(90)
        for n in numbers:
            self.create(title="Krisberedskap" if n in self.TITLED else f"Övning nummer {n}",
                        body=("Krisberedskap i vardagen." if n % 3 else "Trafik och vägar.")
                        + (" Sambandet prövas." if n % 5 == 0 else ""),
                        tags=["udda"] if n % 2 else ["jämn"])  # fmt: skip
        matching = [n for n in numbers if n % 3]
        self.check(numbers, matching)
        self.create(title="Orelaterad", body="Inget här.")  # a new searcher, its caches empty
        with mock.patch.object(whoosh_query, "SMALL", 1):  # every set a mask
            self.check(numbers, matching)

    def check(self, numbers, matching):
        found = search("krisberedskap", per_page=10)
        self.assertEqual(found.total, len(matching))
        self.assertEqual(dict(found.kinds), {"handbook": len(matching)})
        self.assertEqual(
            dict(found.facets["tags"]),
            {"udda": sum(n % 2 for n in matching), "jämn": sum(1 - n % 2 for n in matching)},
        )
        room = min(len(self.TITLED), EXACT_TITLE_ROOM)
        self.assertEqual([(hit.title, hit.exact) for hit in found.hits if hit.exact],
                         [("Krisberedskap", True)] * room)  # fmt: skip
        self.assertTrue(all(hit.exact for hit in found.hits[:room]))
        narrowed = search("krisberedskap", filters={"tags": "jämn"})
        self.assertEqual(narrowed.total, sum(1 - n % 2 for n in matching))
        last = search("krisberedskap", page=6, per_page=10)
        self.assertEqual(len(last.hits), len(matching) - 50)
        self.assertEqual(search("trafik").total, len(numbers) - len(matching))
        both = search("krisberedskap sambandet")
        self.assertEqual(both.total, sum(1 for n in matching if n % 5 == 0))
        self.assertFalse(both.any_word)


class DocumentMaskTests(SimpleTestCase):
    """The Whoosh engine's sets of documents: ints with a bit per document number."""

    def test_a_mask_holds_exactly_its_documents(self):
        docnums = [0, 7, 8, 63, 64, 65, 1000, 54_999]
        mask = whoosh_query._mask(reversed(docnums))
        self.assertEqual(list(whoosh_query._members(mask)), docnums)
        self.assertEqual(mask.bit_count(), len(docnums))
        self.assertEqual([n for n in range(55_001) if whoosh_query._has(mask, n)], docnums)
        self.assertEqual(whoosh_query._mask([]), 0)
        self.assertEqual(list(whoosh_query._members(0)), [])

    def test_small_sets_count_what_they_share_with_a_mask(self):
        matched = set(range(0, 3000, 3)) | {2999}
        mask = whoosh_query._mask(matched)
        searcher = mock.Mock(**{"reader.return_value.doc_count_all.return_value": 3000})
        count = whoosh_query._counter(searcher, mask)
        for docs in ([], [0], [1], [2999], [0, 1, 2, 3, 9, 2998, 2999], range(0, 3000, 2)):
            kept = whoosh_query._kept(docs)
            with self.subTest(docs=docs):
                self.assertEqual(count(kept), len(matched & set(docs)))
                self.assertEqual(whoosh_query._as_mask(kept), whoosh_query._mask(docs))
                self.assertEqual(whoosh_query._contains(kept, 0), 0 in docs)
        self.assertIsInstance(whoosh_query._kept(range(whoosh_query.SMALL)), int)
        self.assertIsInstance(whoosh_query._kept(range(whoosh_query.SMALL - 1)), whoosh_query.Few)


class SnippetTests(SimpleTestCase):
    """Marked words, however the text writes the letters the query was typed without."""

    def marked(self, query, text):
        found = snippet(text, parse(query).highlight_terms, "inget")
        return re.findall(r"<mark>(.*?)</mark>", found) or found

    def test_every_written_form_of_a_folded_letter_is_found(self):
        text = "ÅTERKOPPLING i dag. Återkopplingen kom. Aterkoppling utan prickar."
        self.assertEqual(self.marked("aterkoppling", text),
                         ["ÅTERKOPPLING", "Återkopplingen", "Aterkoppling"])  # fmt: skip
        self.assertEqual(self.marked("overenskommelse", "ÖVERENSKOMMELSE, Överenskommelsen."),
                         ["ÖVERENSKOMMELSE", "Överenskommelsen"])  # fmt: skip
        self.assertEqual(self.marked("INLÄGG", "Inläggen och inlagg."), ["Inläggen", "inlagg"])

    def test_only_whole_words_from_their_start(self):
        self.assertEqual(self.marked("post", "Ett medpostinlägg, e.post och en post."), ["post"])
        self.assertEqual(self.marked("inlägg", "Medinlägg."), "inget")


class CachesAcrossWritesTests(SearchTestCase):
    """The engine keeps what it reads from each index segment (facets, accented words), and
    after a write reads only the new segment and the documents deleted from older ones."""

    def test_counts_and_accented_words_follow_edits_and_deletions_in_older_segments(self):
        self.check_edits()

    def test_the_same_with_every_set_a_mask(self):
        if not hasattr(connections["default"].get_backend(), "store"):
            self.skipTest("sets and segments are the embedded engine's (Whoosh)")
        with mock.patch.object(whoosh_query, "SMALL", 1):
            self.check_edits()

    def check_edits(self):
        # Segments stay as they were written: a small index merges them all on every commit,
        # where a large one keeps its large segments and marks documents deleted in them.
        self.enterContext(mock.patch.object(whoosh.writing, "MERGE_SMALL", whoosh.writing.NO_MERGE))
        pages = [self.create(title=f"Övning {n}", body="Krisberedskap i vardagen.",
                             tags=["före"]) for n in range(6)]  # fmt: skip
        self.assertEqual(search("inlagg").total, 0)  # every cache read once
        self.assertEqual(dict(search("krisberedskap").facets["tags"]), {"före": 6})
        for page in pages[:2]:  # each copy in an older segment deleted, a new one written
            page.tags.set(["efter"])
            self.save(page)
        with self.captureOnCommitCallbacks(execute=True):
            pages[5].delete()
        backend = connections["default"].get_backend()
        if hasattr(backend, "store"):  # the embedded engine (Whoosh): its segments' shares
            self.check_segments(backend.store)
        found = search("krisberedskap")
        self.assertEqual(found.total, 5)
        self.assertEqual(dict(found.kinds), {"handbook": 5})
        self.assertEqual(dict(found.facets["tags"]), {"före": 3, "efter": 2})
        self.assertEqual(search("krisberedskap", filters={"tags": "före"}).total, 3)
        # A word with å/ä/ö that only a new segment has is found typed without them.
        self.create(title="Tillgängliga inlägg", body="Skriv alternativtext.")
        self.assertEqual([hit.title for hit in search("inlagg").hits], ["Tillgängliga inlägg"])

    def check_segments(self, store):
        with store.searcher() as searcher:
            deleted = [leaf.segment().deleted_count() for leaf, _ in whoosh_query._leaves(searcher)]
            self.assertTrue(any(deleted), "documents deleted in segments the caches have read")
            # What the caches hold is what the whole index says now.
            reader = searcher.reader()
            kept = whoosh_query._facet_maps(searcher)
            for name in ("kind", "tags"):
                self.assertEqual(
                    {value: sorted(whoosh_query._members(whoosh_query._as_mask(docs)))
                     for value, docs in kept[name].items()},
                    {value: sorted(reader.postings(name, value).all_ids())
                     for value in reader.field_terms(name)},
                )  # fmt: skip
            # Every word's documents too, those read before the edits ("krisberedskap") among
            # them.
            for name in ("title", "text"):
                self.assertEqual(
                    {term: sorted(whoosh_query._members(whoosh_query._term_docs(searcher, name,
                                                                                term)))
                     for term in reader.field_terms(name)},
                    {term: sorted(reader.postings(name, term).all_ids())
                     for term in reader.field_terms(name)},
                )  # fmt: skip

    def test_a_search_after_a_write_reads_only_the_new_segment(self):
        if not hasattr(connections["default"].get_backend(), "store"):
            self.skipTest("segments are the embedded engine's (Whoosh)")
        self.enterContext(mock.patch.object(whoosh.writing, "MERGE_SMALL", whoosh.writing.NO_MERGE))
        pages = [self.create(title=f"Övning {n}", body="Krisberedskap i vardagen.")
                 for n in range(4)]  # fmt: skip
        # What the process kept from earlier tests' indexes let go: a full memory is emptied
        # whole on the next segment kept (_segment_share), which here would be the write's.
        self.enterContext(mock.patch.dict(whoosh_query._segment_terms, clear=True))
        self.enterContext(mock.patch.dict(whoosh_query._segment_shares, clear=True))
        first = search("krisberedskap")
        store = connections["default"].get_backend().store
        with store.searcher() as searcher:
            before = {leaf.segment().segment_id() for leaf, _ in whoosh_query._leaves(searcher)}
        pages[0].title = "Övning i kris"
        self.save(pages[0])  # its old copy deleted in an older segment, a new one written
        read = []
        postings = whoosh.reading.SegmentReader.postings

        def reading(leaf, fieldname, text, scorer=None):
            if scorer is None:  # not the ranking, which scores the top in every segment
                read.append(leaf.segment().segment_id())
            return postings(leaf, fieldname, text, scorer=scorer)

        with mock.patch.object(whoosh.reading.SegmentReader, "postings", reading):
            again = search("krisberedskap")
        self.assertEqual((again.total, len(again.hits)), (first.total, len(first.hits)))
        self.assertIn("Övning i kris", [hit.title for hit in again.hits])
        self.assertTrue(read, "the new segment's documents are read")
        self.assertFalse(before & set(read), "segments read before the write are not read again")
