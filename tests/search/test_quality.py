"""Swedish search as staff type it (issue 15): compounds, editors' synonyms, the handbook's own
search box, and the zero-result report that turns a miss into a synonym or a pinned result.
These run on whichever engine is configured (make test runs both)."""

from django.contrib.auth.models import Permission, User
from django.test import TestCase

from search.backends.analysis import compound_parts
from search.models import QueryStat, Synonym
from tests.search.helpers import SearchTestCase


class CompoundTests(SearchTestCase):
    def titles(self, query):
        return [hit.title for hit in self.search(query).context["results"].hits]

    def test_a_compound_query_finds_the_page_that_uses_its_parts(self):
        self.create(title="Om kontot har kapats", body="Någon har kapat kontot. Byt lösenord.")
        self.create(title="Starta ett konto", body="Så öppnar du ett nytt konto.")
        self.assertEqual(self.titles("kontokapning")[0], "Om kontot har kapats")

    def test_a_compound_in_a_page_is_found_by_its_part_below_the_word_itself(self):
        self.create(title="Säkerhet", body="En kontokapning märks ofta först av följarna.")
        self.create(title="Kapning", body="Kapning är när någon tar över.")
        self.create(title="Annat", body="Om bilder och film.")
        self.assertEqual(self.titles("kapning"), ["Kapning", "Säkerhet"])

    def test_words_are_split_only_into_real_words(self):
        cases = {
            "kontokapning": ("konto", "kapning"),
            "lösenordsbyte": ("lösenord", "byte"),  # linking s
            "följarantal": ("följare", "antal"),  # "följare" drops its e
            "kontokapningen": ("konto", "kapningen"),  # inflected: the last part is
            "målgrupp": (),  # a common compound is a word of its own
            "kommunen": (),  # not "kom" + "munen"
            "kapats": (),  # kapa's passive, not "kap" + "ats"
            "tillgänglighet": (),  # "-het" is an ending, not a word
            "sidan": (),
        }
        for word, parts in cases.items():
            with self.subTest(word=word):
                self.assertEqual(compound_parts(word), parts)


class SynonymTests(SearchTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(User.objects.create_superuser("redaktor", "r@example.org", "pw"))
        self.create(title="Olagligt innehåll", body="Hot och personangrepp tas bort.")
        self.create(title="Mål och mätning", body="Följ engagemang och räckvidd.")
        self.create(title="Ordlista", body="Engagement är det engelska ordet.")

    def add(self, words, alternatives, two_way=True):
        data = {"words": words, "alternatives": alternatives}
        if two_way:
            data["two_way"] = "on"
        response = self.client.post("/admin/search/synonym/add/", data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))

    def titles(self, query):
        return [hit.title for hit in self.search(query).context["results"].hits]

    def test_a_synonym_saved_in_the_admin_works_at_once_both_ways(self):
        self.assertEqual(self.titles("näthat"), [])
        self.add("näthat", "hatiska kommentarer\npersonangrepp")  # no rebuild follows
        self.assertEqual(self.titles("näthat"), ["Olagligt innehåll"])
        self.create(title="Om näthat", body="Näthat drabbar många.")
        # Two ways: every word of the synonym finds what the others find.
        self.assertEqual(self.titles("hatiska kommentarer"), ["Om näthat", "Olagligt innehåll"])
        self.assertEqual(sorted(self.titles("personangrepp")), ["Olagligt innehåll", "Om näthat"])
        response = self.search("näthat")
        self.assertContains(response, "<mark>personangrepp</mark>")

    def test_one_way_leads_the_loanword_to_our_word_only(self):
        self.add("engagement", "engagemang", two_way=False)
        self.assertEqual(self.titles("engagement"), ["Ordlista", "Mål och mätning"])
        self.assertEqual(self.titles("engagemang"), ["Mål och mätning"])

    def test_a_change_or_delete_takes_effect_at_once(self):
        self.add("reach", "räckvidd", two_way=False)
        self.assertEqual(self.titles("reach"), ["Mål och mätning"])
        synonym = Synonym.objects.get()
        response = self.client.post(f"/admin/search/synonym/{synonym.pk}/delete/", {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.titles("reach"), [])

    def test_bad_synonyms_are_refused_in_swedish(self):
        response = self.client.post(
            "/admin/search/synonym/add/", {"words": "och", "alternatives": ""}
        )
        self.assertContains(response, "Skriv minst ett ord som inte är ett vanligt småord.")
        self.assertContains(response, "Skriv minst ett annat ord eller uttryck.")
        response = self.client.post(
            "/admin/search/synonym/add/", {"words": "näthat", "alternatives": "det och"}
        )
        self.assertContains(response, "”det och” har bara vanliga småord")
        self.assertFalse(Synonym.objects.exists())


class ScopeTests(SearchTestCase):
    def setUp(self):
        super().setUp()
        self.page = self.create(title="Arkivering av inlägg", body="Inlägg ska arkiveras.")

    def test_the_handbooks_box_searches_the_handbook(self):
        response = self.client.get("/handbok/")
        self.assertContains(
            response,
            '<label for="handbook-search" id="handbook-search-label">Sök i handboken</label>',
        )
        self.assertContains(response, '<input type="hidden" name="typ" value="handbok">')
        section = self.client.get(self.page.section.get_absolute_url())
        self.assertContains(section, '<input type="hidden" name="typ" value="handbok">')

    def test_the_results_keep_the_scope_and_offer_the_whole_portal(self):
        response = self.search("arkivering", typ="handbok")
        self.assertContains(
            response, '<label for="search-page-q" id="search-page-q-label">Sök i handboken</label>'
        )
        self.assertContains(response, '<input type="hidden" name="typ" value="handbok">')
        self.assertContains(
            response,
            'Du söker bara i handboken. <a href="?q=arkivering">Sök i hela portalen</a>',
            html=False,
        )
        wide = self.search("arkivering")
        self.assertNotContains(wide, 'name="typ"')
        self.assertNotContains(wide, "Du söker bara")


class ZeroResultReportTests(TestCase):
    def setUp(self):
        QueryStat.record("näthat", found=False)
        QueryStat.record("konto", found=True)

    def test_a_miss_becomes_a_synonym_or_a_pin_in_one_step(self):
        self.client.force_login(User.objects.create_superuser("redaktor", "r@example.org", "pw"))
        response = self.client.get("/admin/search/querystat/")
        self.assertContains(response, 'href="/admin/search/synonym/add/?words=n%C3%A4that"')
        self.assertContains(response, 'href="/admin/search/promotion/add/?query=n%C3%A4that"')
        form = self.client.get("/admin/search/synonym/add/?words=n%C3%A4that")
        self.assertContains(form, 'value="näthat"')
        form = self.client.get("/admin/search/promotion/add/?query=n%C3%A4that")
        self.assertContains(form, 'value="näthat"')

    def test_the_links_need_the_permission(self):
        user = User.objects.create_user("lasare", "l@example.org", "pw", is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="view_querystat"))
        self.client.force_login(user)
        response = self.client.get("/admin/search/querystat/")
        self.assertContains(response, "näthat")
        self.assertNotContains(response, "/admin/search/synonym/add/")
        self.assertNotContains(response, "Lägg till synonym")


class DemoSynonymTests(TestCase):
    def test_the_demo_list_loads_and_every_line_is_valid(self):
        from io import StringIO

        from django.core.management import call_command

        call_command("load_demo", stdout=StringIO())
        self.assertGreater(Synonym.objects.count(), 30)
        synonym = Synonym.objects.get(words="näthat")
        self.assertTrue(synonym.two_way)
        self.assertIn("personangrepp", synonym.alternative_list())
        self.assertFalse(Synonym.objects.get(words="engagement").two_way)
