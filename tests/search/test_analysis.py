"""The Swedish analysis, word by word: what must meet and what must stay apart."""

import pickle

import wordfreq
from django.test import SimpleTestCase

from search.backends import analysis
from search.backends.analysis import FOLDED, SWEDISH, stem


def stems(text):
    return [token.text for token in SWEDISH(text)]


class SwedishFormsTests(SimpleTestCase):
    # Each group must analyse to one stem: the forms and their neighbours.
    SAME = [
        ["konto", "kontot", "konton", "kontona", "kontots", "Kontot"],
        ["inlägg", "inlägget", "inläggen", "inläggens", "INLÄGG"],
        ["hashtagg", "hashtaggen", "hashtaggar", "hashtaggarna"],
        ["algoritm", "algoritmen", "algoritmer", "algoritmerna"],
        ["sida", "sidan", "sidor", "sidorna"],
        ["video", "videon"],
        ["foto", "fotot"],
        ["projekt", "projektet"],
        ["företag", "företaget"],
        ["år", "året"],
        ["lösenord", "lösenordet", "lösenorden"],
        ["säkerhet", "säkerheten"],
        ["meddelande", "meddelandet"],
    ]
    # Different words that a careless rule would join.
    APART = [
        ("internet", "interna"),
        ("redan", "reda"),
        ("nästan", "nästa"),
        ("får", "far"),
        ("år", "ar"),
        ("för", "for"),
    ]

    def test_forms_of_a_word_share_a_stem(self):
        for group in self.SAME:
            with self.subTest(group=group):
                self.assertEqual({stem(word.lower()) for word in group}, {stem(group[0])})
                self.assertEqual(len({tuple(stems(word)) for word in group}), 1)

    def test_different_words_stay_apart(self):
        for one, other in self.APART:
            with self.subTest(pair=(one, other)):
                self.assertNotEqual(stems(one), stems(other))

    def test_swedish_stop_words_only(self):
        self.assertEqual(stems("och det är en"), [])
        # English stop words are Swedish words: "by" (village), "is" (ice), "be" (pray).
        self.assertEqual(stems("by is be"), ["by", "is", "be"])

    def test_diacritics_kept_but_folded_for_matching(self):
        self.assertEqual(stems("Öppettider på förskolan"), ["öppettid", "förskol"])
        self.assertEqual([t.text for t in FOLDED("inläggen")], ["inlagg"])
        self.assertEqual([t.text for t in FOLDED("inlagg")], ["inlagg"])

    def test_decomposed_unicode_is_one_word(self):
        # "å" typed as "a" plus a combining ring, as some systems paste it.
        self.assertEqual(stems("a\u030atgärd"), stems("åtgärd"))


class WordListTests(SimpleTestCase):
    def test_only_the_words_compounds_are_split_by_stay_in_memory(self):
        # wordfreq would keep the whole Swedish list, twice, for the life of the process.
        analysis._zipf.cache_clear()
        analysis._parts.cache_clear()
        self.assertEqual(analysis.compound_parts.__wrapped__("kontokapning"), ("konto", "kapning"))
        self.assertGreater(len(analysis._zipf()), 50_000)
        self.assertEqual(wordfreq.get_frequency_dict.cache_info().currsize, 0)
        self.assertEqual(wordfreq.get_frequency_list.cache_info().currsize, 0)


class PickledAnalyzerTests(SimpleTestCase):
    def test_the_stem_cache_is_never_pickled(self):
        # The schema, analyzers and all, is pickled into the index at every commit.
        words = " ".join(f"ordet{n}s" for n in range(3000))
        stems(words)
        pickled = pickle.dumps(SWEDISH)
        self.assertLess(len(pickled), 5_000)
        analyzer = pickle.loads(pickled)
        found = [token.text for token in analyzer("kontona inläggen")]
        self.assertEqual(found, stems("konto inlägg"))
