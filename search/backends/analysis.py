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
