"""The Swedish analyzers used for indexing, querying, highlighting and spelling alike.

Any change here needs `rebuild_index`: the analysis is part of the index's schema.
"""

import functools
import unicodedata

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.lang.snowball.swedish import SwedishStemmer
from whoosh.lang.stopwords import stoplists

# Whoosh's LanguageAnalyzer("sv") adds the English stop words, which makes Swedish words such as
# "is", "by" and "be" unsearchable; the Swedish list alone is used here.
STOP_WORDS = frozenset(stoplists["sv"])


def fold(text):
    """Drop diacritics ("inlägg" -> "inlagg"), for people who type without å, ä and ö."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_snowball = SwedishStemmer().stem
# Words the rules below would wrongly join with another word ("internet" with "interna",
# "redan" with "reda", "nästan" with "nästa").
_KEEP = frozenset({"internet", "redan", "nästan"})


def stem(word):
    """Snowball Swedish plus the definite forms Snowball leaves alone.

    Snowball joins inlägg/inläggen and hashtagg/hashtaggar but not konto/kontot/konton,
    inlägg/inlägget or sida/sidan. The rules run on Snowball's output, so every form Snowball
    already joins stays joined; `tests/search/test_analysis.py` checks them against real words.
    """
    base = _snowball(word)
    if base in _KEEP:
        return base
    if len(base) >= 4 and base.endswith("et"):  # inlägget, projektet, året
        return _snowball(base[:-2])
    if len(base) >= 5 and base.endswith(("on", "ot")):  # konton, kontot, videon, fotot
        return _snowball(base[:-1])
    if len(base) >= 5 and base.endswith("an"):  # sidan, hemsidan, kvinnan
        return _snowball(base[:-2])
    return base


class SwedishStemFilter(Filter):
    is_morph = True  # Skipped for the spelling field, which keeps words as written.

    def __init__(self, cachesize=50_000):
        self._cache = {}
        self._cachesize = cachesize

    def __eq__(self, other):
        return type(other) is type(self)

    # Pickled without its cache: the schema, analyzers and all, is pickled into the index's
    # table of contents at every commit, and read again by every process at every refresh. An
    # indexing process's full cache (50 000 words) made that 1.9 MB at national size, 6 ms to
    # read after each write and 7.5 MB kept by each worker.
    def __getstate__(self):
        return {"_cachesize": self._cachesize}

    def __setstate__(self, state):
        self._cachesize = state["_cachesize"]
        self._cache = {}  # also for a schema pickled with its cache by an earlier version

    def __call__(self, tokens):
        cache = self._cache
        for token in tokens:
            text = token.text
            stemmed = cache.get(text)
            if stemmed is None:
                stemmed = stem(text)
                if len(cache) < self._cachesize:
                    cache[text] = stemmed
            token.text = stemmed
            yield token


class FoldFilter(Filter):
    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, tokens):
        for token in tokens:
            token.text = _fold_cached(token.text)
            yield token


_fold_cached = functools.lru_cache(maxsize=100_000)(fold)


class NfcTokenizer(RegexTokenizer):
    """Words as Unicode letters and digits, after NFC normalisation.

    Text pasted from some systems spells "å" as "a" plus a combining ring, which the tokenizer
    would otherwise split in two. Documents and queries are normalised the same way before they
    get here, so character offsets used for highlighting stay true.
    """

    def __call__(self, value, **kwargs):
        return super().__call__(unicodedata.normalize("NFC", value), **kwargs)


def _base():
    return NfcTokenizer() | LowercaseFilter()


SWEDISH = _base() | StopFilter(stoplist=STOP_WORDS, minsize=1) | SwedishStemFilter()

# The same stems without diacritics: how a snippet finds the words a query matched, whether
# or not the query had å/ä/ö.
FOLDED = (
    _base()
    | StopFilter(stoplist=STOP_WORDS | {fold(word) for word in STOP_WORDS}, minsize=1)
    | SwedishStemFilter()
    | FoldFilter()
)

# Words as written (lower-cased): exact titles, query words, the query log.
WORDS = _base()


# Compounds ------------------------------------------------------------------------------------
#
# Swedish writes compounds as one word ("kontokapning", "lösenordsbyte"): a page that says
# "kapat konto" should answer "kontokapning", and one that says "kontokapning" should answer
# "kapning", below a page with the word itself. Parts are words of a real Swedish word list
# with frequencies (wordfreq's, from Wikipedia, subtitles, news and the web), and a split is
# taken only where its parts are, on average, more common than the whole word (Koehn & Knight's
# rule): "kommunen" is not "kom" + "munen", "målgrupp" is "mål" + "grupp".

MIN_PART = 3  # letters
MIN_PART_ZIPF = 2.0  # a part is a word seen at least about once in ten million
MAX_PARTS = 4
PART_PENALTY = 1.0  # each part past two must be this much more common on average
LINKS = ("", "s")  # "lösenord|s|byte"
# Endings that the word list also has as words of their own (from text split oddly), and
# that are never a compound's part: "tillgänglig|het", "textn|ing", "algoritm|erna".
SUFFIXES = frozenset({
    # derivation
    "ning", "ningen", "ningar", "ing", "ingen", "ingar", "het", "heten", "heter", "lig", "liga",
    "ligt", "ande", "ende", "else", "skap", "are", "ares", "tion", "ism", "isk", "iska", "iskt",
    "ell", "ella", "ellt", "iga", "igt",
    # inflection: "kapats" is kapa's passive, not "kap" + "ats"
    "erna", "arna", "orna", "gar", "ers", "ats", "ade", "ades", "ens", "ets", "ast", "aste",
    "ter", "era", "erar", "erade", "ans", "ors",
})  # fmt: skip
# Inflectional endings, longest first, and how common the word without one must be.
ENDINGS = (
    "arnas", "ernas", "ornas", "arna", "erna", "orna", "ades", "ade", "ats", "ens", "ets", "en",
    "et", "na", "ar", "er", "or", "at", "ad", "ts", "ns", "s", "n", "t",
)  # fmt: skip
BASE_ZIPF = 3.0
LEXICALISED_ZIPF = 3.0  # a word this common is not split, whatever its parts
SPLIT_MARGIN = 0.5  # a word in the list is split only when its parts are this much more common


@functools.lru_cache(maxsize=1)
def _zipf():
    """Word -> Zipf frequency (log10 of uses per billion words) for the Swedish words common
    enough to be a compound's part; loaded once per process (about 100 000 words)."""
    import math

    import wordfreq

    table = {}
    for word, frequency in wordfreq.get_frequency_dict("sv", "large").items():
        zipf = math.log10(frequency * 1e9)
        if zipf >= MIN_PART_ZIPF and len(word) >= MIN_PART and word.isalpha():
            table[word] = zipf
    # wordfreq keeps every list it has read, as a list and as a dict, for the life of the
    # process: the whole Swedish list twice, which this table is a fifth of. Nothing else
    # here reads wordfreq. (A version that no longer caches them has nothing to clear.)
    for cached in (wordfreq.get_frequency_dict, wordfreq.get_frequency_list):
        getattr(cached, "cache_clear", lambda: None)()
    return table


def warm():
    """Load the word lists a query's compounds are split by (0.3 s: wordfreq and its list)."""
    _parts()


def is_word(text):
    """Whether a lower-case word is in the Swedish word list (common enough to be a part)."""
    return text in _zipf()


# How common a part must be by its length: short strings are words by chance ("oona|kat" in
# "oonskat", "fra|gor" in "fragor" typed without å/ä/ö), so short parts must be common words.
PART_ZIPF_BY_LENGTH = {3: 4.0, 4: 3.0}
DROPPED_VOWEL_ZIPF = 3.5  # "följar|antal": only a common word drops its e or a


@functools.lru_cache(maxsize=1)
def _parts():
    """The words that may be a compound's part: not a little word ("för", "upp", "till" start
    words as prefixes, not as parts), not an ending, and common enough for its length."""
    return {
        word: zipf
        for word, zipf in _zipf().items()
        if word not in STOP_WORDS
        and word not in SUFFIXES
        and zipf >= PART_ZIPF_BY_LENGTH.get(len(word), MIN_PART_ZIPF)
    }


def _segmentations(word, parts_left):
    """Every way to write `word` as up to `parts_left` known words, with an optional linking
    "s" after each but the last."""
    found = []
    if _part_zipf(word):
        found.append((word,))
    if parts_left > 1:
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head = _head(word[:cut])
            if not head:
                continue
            for link in LINKS:
                rest = word[cut:]
                if link and not rest.startswith(link):
                    continue
                rest = rest[len(link) :]
                if len(rest) >= MIN_PART:
                    found += [(head, *tail) for tail in _segmentations(rest, parts_left - 1)]
    return found


def _head(written):
    """The word a compound's first part is written for: itself, or a word that drops its
    final e or a in compounds ("följar|antal" of "följare", "skol|gård" of "skola")."""
    known = _parts()
    if written in known:
        return written
    if len(written) >= 4:
        for ending in ("e", "a"):
            if known.get(written + ending, 0) >= DROPPED_VOWEL_ZIPF:
                return written + ending
    return None


@functools.lru_cache(maxsize=100_000)
def _part_zipf(word):
    """How common a word is as a part, inflected or not ("kapningen" as "kapning"); 0 if it
    is no part."""
    known = _parts()
    if word in known:
        return known[word]
    for ending in ENDINGS:
        base = word[: -len(ending)]
        if word.endswith(ending) and len(base) >= MIN_PART and base in known:
            return known[base]
    return 0.0


@functools.lru_cache(maxsize=100_000)
def compound_parts(word):
    """The parts of a Swedish compound ("kontokapning" -> ("konto", "kapning")), or () for a
    word that is not one. `word` is lower-case, as the tokenizer leaves it."""
    if len(word) < 2 * MIN_PART or not word.isalpha():
        return ()
    for ending in ENDINGS:
        base = word[: -len(ending)]
        if word.endswith(ending) and _zipf().get(base, 0) >= BASE_ZIPF:
            # An inflected form of a known word ("skapats" of "skapa", "målgruppen" of
            # "målgrupp"): split as that word is split, if at all.
            return compound_parts(base)
    whole = _zipf().get(word)
    if whole and whole >= LEXICALISED_ZIPF:
        # A common compound is a word of its own ("målgrupp", "lösenord"): a page about the
        # target group is no answer to "mål" or "grupp".
        return ()
    best, best_score = (), whole + SPLIT_MARGIN if whole else 0.0
    for parts in _segmentations(word, MAX_PARTS):
        if len(parts) > 1:
            score = sum(_part_zipf(part) for part in parts) / len(parts)
            score -= PART_PENALTY * (len(parts) - 2)
            if score > best_score:
                best, best_score = parts, score
    return best


@functools.lru_cache(maxsize=100_000)
def part_stems(part):
    """The stems a compound's part stands for: its own, and for a noun made from a verb
    ("kapning", "publicering") the verb's ("kap", "publicer"), so "kontokapning" meets
    "kontot kapades". Used for parts only: on whole words the rule would join "tidning"
    with "tid"."""
    stems = [token.text for token in SWEDISH(part)]
    if not stems:
        return ()
    found = [stems[0]]
    # kapning <- kapa, spaning <- spana, publicering <- publicera: the verb must be a word.
    for ending in ("ning", "ing"):
        verb = stems[0][: -len(ending)] + "a"
        if stems[0].endswith(ending) and len(verb) > MIN_PART and verb in _zipf():
            found += [token.text for token in SWEDISH(verb) if token.text not in found]
    return tuple(found)


class CompoundPartsFilter(Filter):
    """Each compound's parts' stems, at the compound's own position; other words are dropped.
    For a field that finds a page by the parts of its compounds, weighted below the text."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, tokens):
        for token in tokens:
            for part in compound_parts(token.text):
                for stem_text in part_stems(part):
                    token.text = stem_text
                    yield token


# A page's compounds as their parts' stems: the parts field (Whoosh), weight C (PostgreSQL).
PARTS = _base() | CompoundPartsFilter()
