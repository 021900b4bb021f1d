"""The Swedish analyzer used for indexing, querying and highlighting alike."""

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang.stopwords import stoplists


def swedish_analyzer():
    # Whoosh's LanguageAnalyzer("sv") adds the English stop words, which makes Swedish words
    # such as "is", "by" and "be" unsearchable; the Swedish list alone is used here.
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | StopFilter(stoplist=stoplists["sv"], minsize=1)
        | StemFilter(lang="sv", cachesize=50_000)
    )


SWEDISH = swedish_analyzer()
