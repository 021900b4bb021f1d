"""Issue 20, point 3: suggestions while typing, the JSON behind the combobox."""

from django.core.cache import cache
from django.test import TestCase, override_settings

from tests.factories import make_channel, make_page, make_section


class SuggestionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.security = make_section(title="Säkerhet", slug="sakerhet")
        cls.two_step = make_page(section=cls.security, title="Tvåstegsverifiering",
                                 slug="tvastegsverifiering")  # fmt: skip
        cls.hijacked = make_page(section=cls.security, title="Om kontot blir kapat",
                                 slug="kapat-konto")  # fmt: skip
        cls.start = make_page(title="Starta ett konto", slug="starta-ett-konto")
        cls.archive = make_page(title="Allmänna handlingar och arkivering", slug="arkivering")
        cls.draft = make_page(title="Tvåstegs hemliga utkast", slug="utkast", is_published=False)
        make_channel(name="Instagram", slug="instagram")

    def suggest(self, text):
        response = self.client.get("/sok/forslag/", {"q": text})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        return [(s["title"], s["url"], s["kind"]) for s in response.json()["suggestions"]]

    def test_titles_that_begin_with_what_is_typed_come_first_with_address_and_kind(self):
        self.assertEqual(
            self.suggest("tvås"),
            [("Tvåstegsverifiering", "/handbok/sakerhet/tvastegsverifiering/", "Handbok")],
        )
        self.assertEqual([t for t, _u, _k in self.suggest("kont")],
                         ["Starta ett konto", "Om kontot blir kapat"])  # fmt: skip
        self.assertEqual(self.suggest("insta"), [("Instagram", "/kanaler/instagram/", "Kanal")])
        self.assertEqual(self.suggest("säker"), [("Säkerhet", "/handbok/sakerhet/",
                                                  "Avsnitt i handboken")])  # fmt: skip

    def test_swedish_letters_in_any_case_every_word_and_inside_compounds(self):
        self.assertEqual([t for t, _u, _k in self.suggest("ALLMÄNNA ark")],
                         ["Allmänna handlingar och arkivering"])  # fmt: skip
        self.assertEqual([t for t, _u, _k in self.suggest("steg")], ["Tvåstegsverifiering"])
        self.assertEqual(self.suggest("konto facebook"), [])

    def test_drafts_are_never_suggested(self):
        self.assertNotIn("Tvåstegs hemliga utkast", [t for t, _u, _k in self.suggest("två")])

    def test_short_odd_and_long_input_answers_calmly(self):
        self.assertEqual(self.suggest("t"), [])
        self.assertEqual(self.suggest(""), [])
        self.assertEqual(self.suggest("\x00<script>"), [])
        self.assertEqual(self.suggest("tvås" * 500), [])
        self.assertEqual(self.client.get("/sok/forslag/?q=%FF%FE").status_code, 200)

    def test_at_most_eight(self):
        for n in range(12):
            make_page(title=f"Konto nummer {n}", slug=f"konto-{n}")
        self.assertEqual(len(self.suggest("konto")), 8)

    @override_settings(PORTAL_RATE_LIMITS={"suggest": (2, 60)})
    def test_rate_limited_with_retry_after(self):
        cache.clear()
        for _ in range(2):
            self.assertEqual(self.client.get("/sok/forslag/?q=kont").status_code, 200)
        response = self.client.get("/sok/forslag/?q=kont")
        self.assertEqual(response.status_code, 429)
        self.assertGreater(int(response["Retry-After"]), 0)
        self.assertIn("Vänta", response.json()["error"])
